import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SystemClock } from '../../../../local/host/clock/SystemClock.js';

describe('SystemClock', () => {
  it('reads wall time', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    assert.ok(now >= before && now <= Date.now());
  });

  it('resolves a deadline already passed', async () => {
    await new SystemClock().sleepUntil(Date.now() - 1000);
  });

  it('rejects with the abort reason, before and during the sleep', async () => {
    const clock = new SystemClock();
    const reason = new Error('stopped');
    await assert.rejects(clock.sleepUntil(Date.now() + 60_000, AbortSignal.abort(reason)), reason);
    const controller = new AbortController();
    const sleep = clock.sleepUntil(Date.now() + 60_000, controller.signal);
    controller.abort(reason);
    await assert.rejects(sleep, reason);
  });
});
