/**
 * Property-based: whatever a client puts in the query string, `GET /api/orders` answers 200 or a
 * precise 400 naming the parameter, never a 5xx — through the parser alone, and through the real
 * handler over the real store on the in-memory table. Runs are bounded so the suite stays fast.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { createOrdersHandler } from '../../../server-app/http/createOrdersHandler.js';
import { parseOrdersQuery } from '../../../server-app/http/parseOrdersQuery.js';
import { encodeContinuationToken } from '../../../server-app/orders/continuationToken.js';
import { generateOrders } from '../../../server-app/orders/generateOrders.js';
import { createOrdersStore } from '../../../server-app/orders/OrdersStore.js';
import { createMemoryOrdersTable } from '../../../server-app/orders/table/createMemoryOrdersTable.js';
import { captureLogger, context, fakeAuthenticator, get } from './fakeDeps.js';

const LIMITS = { defaultPageSize: 50, maxPageSize: 200 };
const PARAMETERS = ['partition', 'top', 'continuationToken', 'since'] as const;
const NUM_RUNS = 300;

/** Any UTF-16 code unit, lone surrogates included: what a percent-decoded query can hold. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const anyString = fc.oneof(
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);

/** Plausible and implausible values for each parameter, so the checks past the first are reached. */
const values = {
  partition: fc.oneof(fc.constantFrom('emea', 'amer-east', 'apac-north', 'x'), anyString),
  top: fc.oneof(fc.integer({ min: -5, max: 1500 }).map(String), anyString),
  since: fc.oneof(
    fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((date) => date.toISOString()),
    fc.constantFrom('2026-02-30T00:00:00Z', '2026-05-01T24:00:00Z', '2026-05-01T00:00:00+01:00'),
    anyString,
  ),
  continuationToken: fc.oneof(anyString, forgedTokens()),
};

/**
 * Well-formed envelopes with made-up contents: the decoder must check every field, and what the
 * table would be handed (its own token's keys) must not be able to break a request.
 */
function forgedTokens(): fc.Arbitrary<string> {
  const tableToken = fc
    .record({ nextPartitionKey: anyString, nextRowKey: fc.option(anyString, { nil: undefined }) })
    .map((keys) => Buffer.from(JSON.stringify(keys)).toString('base64'));
  return fc
    .record({
      p: fc.constantFrom('emea', 'amer-east'),
      s: fc.constantFrom(null, '2026-05-01T00:00:00.000Z'),
      c: fc.oneof(tableToken, anyString),
      w: fc.oneof(
        fc.constantFrom('2026-05-02T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
        anyString,
      ),
    })
    .map((fields) => Buffer.from(JSON.stringify({ v: 2, ...fields })).toString('base64url'));
}

/** Query entries: mostly known parameters, sometimes unknown or repeated ones. */
const queryEntries = fc.array(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .constantFrom(...PARAMETERS)
        .chain((name) => values[name].map((value) => [name, value] as const)),
    },
    { weight: 1, arbitrary: fc.tuple(anyString, anyString) },
  ),
  { maxLength: 6 },
);

function assertBadRequestNaming(problem: Record<string, unknown>, names: readonly string[]): void {
  assert.equal(problem['status'], 400);
  assert.equal(problem['title'], 'Invalid request parameter');
  assert.equal(typeof problem['detail'], 'string');
  assert.ok(
    names.includes(String(problem['parameter'])),
    `parameter ${String(problem['parameter'])}`,
  );
}

describe('parseOrdersQuery (property-based)', () => {
  it('accepts or refuses any query with a 400 naming a parameter it was given or requires', () => {
    fc.assert(
      fc.property(queryEntries, (entries) => {
        const params = new URLSearchParams(
          entries.map(([name, value]): [string, string] => [name, value]),
        );
        const parsed = parseOrdersQuery(params, LIMITS);
        if (parsed.ok) {
          assert.ok(parsed.query.top >= 1 && parsed.query.top <= LIMITS.maxPageSize);
          return;
        }
        // Names as URLSearchParams holds them (a lone surrogate becomes U+FFFD).
        assertBadRequestNaming(parsed.problem, [...params.keys(), 'partition']);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('accepts the token it issued for the same query, whatever the keys it carries', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        (key, row) => {
          const tableToken = Buffer.from(
            JSON.stringify({ nextPartitionKey: key, nextRowKey: row }),
          ).toString('base64');
          const token = encodeContinuationToken(
            { partition: 'emea', since: null },
            { tableToken, watermark: '2026-05-02T00:00:00.000Z' },
          );
          const parsed = parseOrdersQuery(
            new URLSearchParams({ partition: 'emea', continuationToken: token }),
            LIMITS,
          );
          // An envelope over the length cap is refused; anything shorter comes through.
          assert.equal(parsed.ok, token.length <= 2048);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('GET /api/orders (property-based, real store on the in-memory table)', () => {
  it('answers any query with 200 or a 400 naming the parameter, never a 5xx', async () => {
    const table = createMemoryOrdersTable();
    const store = createOrdersStore(table, { clock: () => new Date('2026-06-01T00:00:00Z') });
    await store.ensureTable();
    await store.upsertOrders(
      generateOrders({
        partition: 'emea',
        count: 30,
        seed: 'property',
        endAt: new Date('2026-05-20T00:00:00Z'),
      }),
    );
    const logger = captureLogger();
    const handler = createOrdersHandler({
      authenticator: fakeAuthenticator(),
      store,
      logger,
      limits: LIMITS,
    });
    await fc.assert(
      fc.asyncProperty(queryEntries, async (entries) => {
        const query = new URLSearchParams(
          entries.map(([name, value]): [string, string] => [name, value]),
        );
        const response = await handler(get(`orders?${query.toString()}`, 'good'), context());
        if (response.status === 200) return;
        assert.equal(response.status, 400, response.body as string);
        assertBadRequestNaming(JSON.parse(response.body as string) as Record<string, unknown>, [
          ...query.keys(),
          'partition',
        ]);
      }),
      { numRuns: NUM_RUNS },
    );
    assert.deepEqual(logger.entries, [], 'no request failed on the server side');
  });
});
