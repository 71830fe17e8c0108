import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SystemClock } from '../../../../local/host/clock/SystemClock.js';
import { VirtualClock } from '../../../../local/host/clock/VirtualClock.js';
import { beginWork } from '../../../../local/host/clock/WorkTrackingClock.js';

describe('beginWork', () => {
  it('holds a virtual clock until the work ends', async () => {
    const clock = new VirtualClock({ start: 0 });
    const end = beginWork(clock);
    let woke = false;
    const sleep = clock.sleepUntil(1000).then(() => (woke = true));
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(woke, false);
    end();
    await sleep;
    assert.equal(clock.now(), 1000);
  });

  it('is a no-op for clocks that do not track work', () => {
    const end = beginWork(new SystemClock());
    assert.equal(typeof end, 'function');
    assert.equal(end(), undefined);
  });
});
