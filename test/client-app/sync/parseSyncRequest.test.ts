import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseSyncRequest } from '../../../client-app/sync/parseSyncRequest.js';

describe('parseSyncRequest', () => {
  it('treats an empty body as "sync everything"', () => {
    assert.deepEqual(parseSyncRequest(''), { ok: true, request: {} });
    assert.deepEqual(parseSyncRequest('  \n'), { ok: true, request: {} });
  });

  it('accepts partitions and since', () => {
    assert.deepEqual(
      parseSyncRequest('{"partitions":["emea","amer-east"],"since":"2026-01-31T00:00:00Z"}'),
      { ok: true, request: { partitions: ['emea', 'amer-east'], since: '2026-01-31T00:00:00Z' } },
    );
  });

  it('accepts a mode, with or without partitions', () => {
    assert.deepEqual(parseSyncRequest('{"mode":"full"}'), { ok: true, request: { mode: 'full' } });
    assert.deepEqual(parseSyncRequest('{"mode":"incremental","partitions":["emea"]}'), {
      ok: true,
      request: { mode: 'incremental', partitions: ['emea'] },
    });
  });

  const cases: [string, string, string | undefined][] = [
    ['{"mode":"delta"}', 'mode must be "incremental" or "full"', 'mode'],
    [
      '{"mode":"full","since":"2026-01-31T00:00:00Z"}',
      'since cannot be combined with mode "full": send "since" alone to read changes since that instant (stored watermarks stay as they are), or "mode" alone',
      'since',
    ],
    [
      '{"mode":"incremental","since":"2026-01-31T00:00:00Z"}',
      'since cannot be combined with mode "incremental": send "since" alone to read changes since that instant (stored watermarks stay as they are), or "mode" alone',
      'since',
    ],
    ['{', 'the body must be a JSON object', undefined],
    ['[]', 'the body must be a JSON object', undefined],
    ['"emea"', 'the body must be a JSON object', undefined],
    ['{"partitions":[]}', 'partitions must list at least one partition when present', 'partitions'],
    ['{"partitions":["EMEA"]}', 'partitions must be partition names like "emea"', 'partitions'],
    ['{"partitions":["emea","emea"]}', 'partitions must not repeat a partition', 'partitions'],
    [
      '{"partitions":"emea"}',
      'partitions Invalid input: expected array, received string',
      'partitions',
    ],
    [
      '{"since":"yesterday"}',
      'since must be an ISO-8601 UTC instant like 2026-01-31T00:00:00Z',
      'since',
    ],
    [
      '{"since":"2026-01-31T00:00:00+02:00"}',
      'since must be an ISO-8601 UTC instant like 2026-01-31T00:00:00Z',
      'since',
    ],
    [
      '{"partition":"emea"}',
      'unknown field(s): partition; allowed are "mode", "partitions" and "since"',
      undefined,
    ],
  ];
  for (const [body, problem, parameter] of cases) {
    it(`refuses ${body}`, () => {
      assert.deepEqual(parseSyncRequest(body), {
        ok: false,
        problem,
        ...(parameter ? { parameter } : {}),
      });
    });
  }

  it('refuses an oversized body before parsing it', () => {
    assert.deepEqual(parseSyncRequest(`{"partitions":["${'a'.repeat(20_000)}"]}`), {
      ok: false,
      problem: 'the body must be at most 16384 bytes',
    });
  });
});
