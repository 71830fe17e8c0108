import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { overheadPercent, roundFigures } from '../../../bench/support/compareRounds.js';

describe('roundFigures', () => {
  it('gives the median (mean of the middle two for an even count) and the range', () => {
    assert.deepEqual(roundFigures([5, 1, 3]), { median: 3, min: 1, max: 5 });
    assert.deepEqual(roundFigures([4, 1, 3, 10]), { median: 3.5, min: 1, max: 10 });
  });
});

describe('overheadPercent', () => {
  it('is how much lower a rate, or longer a time, is with tracing', () => {
    const off = { median: 200, min: 0, max: 0 };
    const close = (actual: number, expected: number) =>
      assert.ok(Math.abs(actual - expected) < 1e-9, `${actual}`);
    close(overheadPercent(off, { median: 180, min: 0, max: 0 }, 'rate'), 10);
    close(overheadPercent(off, { median: 220, min: 0, max: 0 }, 'time'), 10);
    close(overheadPercent(off, { median: 210, min: 0, max: 0 }, 'rate'), -5);
  });
});
