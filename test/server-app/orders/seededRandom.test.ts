import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { seededRandom } from '../../../server-app/orders/seededRandom.js';

const draw = (seed: string, n: number) => Array.from({ length: n }, seededRandom(seed));

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    assert.deepEqual(draw('a', 20), draw('a', 20));
    assert.notDeepEqual(draw('a', 20), draw('b', 20));
  });

  it('stays in [0, 1) and spreads over it', () => {
    const values = draw('spread', 10_000);
    assert.ok(values.every((v) => v >= 0 && v < 1));
    const buckets = [0, 0, 0, 0];
    for (const v of values) buckets[Math.floor(v * 4)]!++;
    assert.ok(
      buckets.every((count) => count > 2000 && count < 3000),
      String(buckets),
    );
  });
});
