import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseOrdersQuery } from '../../../server-app/http/parseOrdersQuery.js';
import { encodeContinuationToken } from '../../../server-app/orders/continuationToken.js';
import { encodeMemoryToken } from '../../../server-app/orders/table/memoryContinuationToken.js';

const LIMITS = { defaultPageSize: 50, maxPageSize: 200 };
const parse = (query: string) => parseOrdersQuery(new URLSearchParams(query), LIMITS);

function problem(parameter: string, detail: string) {
  return {
    ok: false,
    problem: { status: 400, title: 'Invalid request parameter', detail, parameter },
  };
}

/** A token this API issued for `partition=emea&since=2026-05-01T10:20:30.500Z`. */
const TOKEN = encodeContinuationToken(
  { partition: 'emea', since: '2026-05-01T10:20:30.500Z' },
  { tableToken: encodeMemoryToken('emea', '~u~x'), watermark: '2026-05-02T00:00:00.000Z' },
);

const SINCE_DETAIL = '"since" must be an ISO-8601 UTC timestamp such as 2026-11-01T00:00:00Z';

describe('parseOrdersQuery', () => {
  it('applies the defaults to a partition-only query', () => {
    assert.deepEqual(parse('partition=apac-north'), {
      ok: true,
      query: { partition: 'apac-north', top: 50, continuationToken: null, since: null },
    });
  });

  it('reads every parameter', () => {
    assert.deepEqual(
      parse(`partition=emea&top=200&continuationToken=${TOKEN}&since=2026-05-01T10:20:30.5Z`),
      {
        ok: true,
        query: {
          partition: 'emea',
          top: 200,
          continuationToken: TOKEN,
          since: new Date('2026-05-01T10:20:30.500Z'),
        },
      },
    );
  });

  it('treats an empty continuationToken as the first page', () => {
    assert.deepEqual(parse('partition=emea&continuationToken='), {
      ok: true,
      query: { partition: 'emea', top: 50, continuationToken: null, since: null },
    });
  });

  it('requires a well-formed partition', () => {
    const required = problem(
      'partition',
      '"partition" is required: a partition name such as "emea"',
    );
    const malformed = problem(
      'partition',
      '"partition" must be a partition name: lower-case letters and digits in dash-separated words, at most 32 characters',
    );
    assert.deepEqual(parse(''), required);
    assert.deepEqual(parse('partition='), required);
    for (const name of [
      'Emea',
      'e',
      'emea-',
      '-emea',
      'em--ea',
      '~partitions',
      'a'.repeat(33),
      "emea' or 1 eq 1",
    ]) {
      assert.deepEqual(parse(`partition=${encodeURIComponent(name)}`), malformed, name);
    }
  });

  it('accepts top from 1 to the maximum only', () => {
    assert.equal(parse('partition=emea&top=1').ok, true);
    for (const top of ['0', '201', '-1', '1.5', '1e2', '+5', ' 5', '', 'ten', '99999999']) {
      assert.deepEqual(
        parse(`partition=emea&top=${encodeURIComponent(top)}`),
        problem('top', '"top" must be an integer from 1 to 200'),
        top,
      );
    }
  });

  it('accepts only exact UTC timestamps for since', () => {
    const since = (text: string) => parse(`partition=emea&since=${encodeURIComponent(text)}`);
    assert.deepEqual(since('2026-11-01T00:00:00.1234567891Z'), {
      ok: true,
      query: {
        partition: 'emea',
        top: 50,
        continuationToken: null,
        since: new Date('2026-11-01T00:00:00.123Z'),
      },
    });
    for (const text of [
      '2026-11-01',
      '2026-11-01T00:00:00',
      '2026-11-01T00:00:00+00:00',
      '2026-11-01 00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-11-01T24:00:00Z',
      '2026-11-01T00:60:00Z',
      '2026-11-01T00:00:00.Z',
      '1715000000',
      '',
    ]) {
      assert.deepEqual(since(text), problem('since', SINCE_DETAIL), text);
    }
  });

  it('refuses unknown and repeated parameters', () => {
    assert.deepEqual(
      parse('partition=emea&contiuationToken=x'),
      problem(
        'contiuationToken',
        '"contiuationToken" is not a parameter of this API; use partition, top, continuationToken, since',
      ),
    );
    assert.deepEqual(
      parse('partition=emea&top=5&top=6'),
      problem('top', '"top" must be given at most once'),
    );
  });
});
