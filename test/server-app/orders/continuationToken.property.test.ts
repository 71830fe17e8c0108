/**
 * Property-based: the cursor decoder refuses anything it did not issue for the same query with
 * an {@link InvalidContinuationTokenError} (a 400), never another error, and what it accepts is
 * safe to hand to the table; what it issued it reads back exactly. Runs are bounded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import {
  decodeContinuationToken,
  encodeContinuationToken,
  type PageBinding,
} from '../../../server-app/orders/continuationToken.js';
import { InvalidContinuationTokenError } from '../../../server-app/orders/InvalidContinuationTokenError.js';

const NUM_RUNS = 500;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const anyString = fc.oneof(
  fc.string({ unit: anyCodeUnit, maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ maxLength: 30 }),
);
const bindings = fc.record({
  partition: fc.constantFrom('emea', 'amer-east'),
  since: fc.constantFrom(null, '2026-05-01T00:00:00.000Z'),
});
const base64Json = (value: unknown, encoding: 'base64' | 'base64url') =>
  Buffer.from(JSON.stringify(value)).toString(encoding);

/** Envelopes of the right shape whose every field may be made up. */
const envelopes = fc
  .record({
    v: fc.oneof(fc.constant(2), fc.constantFrom(1, 3, '2', null)),
    p: fc.oneof(fc.constantFrom('emea', 'amer-east'), anyString),
    s: fc.oneof(
      fc.constantFrom(null, '2026-05-01T00:00:00.000Z', '2026-05-01T00:00:00Z'),
      anyString,
    ),
    c: fc.oneof(
      fc
        .record({
          nextPartitionKey: anyString,
          nextRowKey: fc.option(anyString, { nil: undefined }),
        })
        .map((keys) => base64Json(keys, 'base64')),
      fc.anything().map((value) => base64Json(value ?? null, 'base64')),
      anyString,
    ),
    w: fc.oneof(
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc.constantFrom('2026-02-30T00:00:00.000Z', '2026-05-01T00:00:00Z'),
      anyString,
    ),
  })
  .map((envelope) => base64Json(envelope, 'base64url'));

/** Decodes, returning the position, or the refusal's message; any other throw fails the test. */
function decodeOrRefusal(token: string, binding: PageBinding) {
  try {
    return decodeContinuationToken(token, binding);
  } catch (error) {
    assert.ok(error instanceof InvalidContinuationTokenError, String(error));
    assert.match(error.message, /^"continuationToken" /);
    return error.message;
  }
}

describe('decodeContinuationToken (property-based)', () => {
  it('refuses any string or forged envelope with its own error, and accepts only what the table can take', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, envelopes), bindings, (token, binding) => {
        const decoded = decodeOrRefusal(token, binding);
        if (typeof decoded === 'string') return;
        const keys = JSON.parse(
          Buffer.from(decoded.tableToken, 'base64').toString('utf8'),
        ) as Record<string, unknown>;
        assert.equal(typeof keys['nextPartitionKey'], 'string');
        for (const key of [keys['nextPartitionKey'], keys['nextRowKey']]) {
          if (key === undefined) continue;
          assert.ok(
            typeof key === 'string' && !LONE_SURROGATE.test(key),
            'a key the SDK cannot send',
          );
        }
        assert.equal(new Date(decoded.watermark).toISOString(), decoded.watermark);
        if (binding.since !== null) assert.ok(decoded.watermark >= binding.since);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reads back exactly what it issued, and only for the query it was issued for', () => {
    fc.assert(
      fc.property(
        bindings,
        bindings,
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.date({ min: new Date('2026-05-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (issuedFor, askedFor, key, watermarkDate) => {
          const position = {
            tableToken: base64Json({ nextPartitionKey: key, nextRowKey: key }, 'base64'),
            watermark: watermarkDate.toISOString(),
          };
          const token = encodeContinuationToken(issuedFor, position);
          const decoded = decodeOrRefusal(token, askedFor);
          const sameQuery =
            issuedFor.partition === askedFor.partition && issuedFor.since === askedFor.since;
          if (sameQuery && token.length <= 2048) assert.deepEqual(decoded, position);
          else assert.equal(typeof decoded, 'string');
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
