import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TimeSkippingClock } from '../../../local/testing/TimeSkippingClock.js';
import { useFakeDate } from '../../../local/testing/useFakeDate.js';

const T0 = Date.UTC(2026, 5, 1, 12);

describe('useFakeDate', () => {
  it('makes Date.now() and new Date() read the clock, and restores the real Date', async () => {
    const RealDate = Date;
    const clock = new TimeSkippingClock({ start: T0 });
    const fake = useFakeDate(clock);
    try {
      assert.equal(Date.now(), T0);
      assert.equal(new Date().getTime(), T0);
      await clock.skip(86_400_000);
      assert.equal(Date.now(), T0 + 86_400_000);
      assert.equal(new Date().toISOString(), '2026-06-02T12:00:00.000Z');
      // Explicit arguments and the static helpers keep their meaning.
      assert.equal(new Date(0).getTime(), 0);
      assert.equal(new Date(2020, 0, 2).getFullYear(), 2020);
      assert.equal(Date.parse('2020-01-01T00:00:00Z'), 1_577_836_800_000);
      assert.equal(Date.UTC(2020, 0, 1), 1_577_836_800_000);
      assert.ok(new Date() instanceof RealDate);
      assert.ok(new RealDate() instanceof Date);
    } finally {
      fake.restore();
    }
    assert.equal(Date, RealDate);
    assert.ok(Math.abs(Date.now() - new RealDate().getTime()) < 60_000);
  });

  it('refuses a second fake until the first is restored', () => {
    const fake = useFakeDate({ now: () => T0 });
    try {
      assert.throws(() => useFakeDate({ now: () => 0 }), {
        name: 'TypeError',
        message: 'useFakeDate: a Date fake is already installed; restore it first',
      });
    } finally {
      fake.restore();
    }
    useFakeDate({ now: () => 0 }).restore();
  });
});
