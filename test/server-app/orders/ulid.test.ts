import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ulid } from '../../../server-app/orders/ulid.js';

describe('ulid', () => {
  it('encodes the time in the first 10 characters (the spec example time)', () => {
    assert.equal(
      ulid(1469918176385, () => 0),
      '01ARYZ6S410000000000000000',
    );
    assert.equal(
      ulid(2 ** 48 - 1, () => 0.99999),
      '7ZZZZZZZZZZZZZZZZZZZZZZZZZ',
    );
  });

  it('sorts by time as a plain string', () => {
    const earlier = ulid(Date.UTC(2026, 0, 1), () => 0.9);
    const later = ulid(Date.UTC(2026, 0, 1) + 1, () => 0);
    assert.ok(earlier < later);
  });

  it('refuses times outside 48 bits', () => {
    for (const time of [-1, 2 ** 48, 1.5]) {
      assert.throws(() => ulid(time, () => 0), {
        name: 'RangeError',
        message: `ulid: time must be an integer from 0 to 2^48 - 1 ms, got ${time}`,
      });
    }
  });
});
