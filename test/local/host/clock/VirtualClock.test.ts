import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { VirtualClock } from '../../../../local/host/clock/VirtualClock.js';

const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('VirtualClock', () => {
  it('starts at 2026-01-01T00:00:00Z unless told otherwise', () => {
    assert.equal(new VirtualClock().now(), START);
    assert.equal(new VirtualClock({ start: 42 }).now(), 42);
  });

  it('jumps to each pending deadline in order once idle', async () => {
    const clock = new VirtualClock();
    const woke: [string, number][] = [];
    const late = clock.sleepUntil(START + 6 * HOUR).then(() => woke.push(['late', clock.now()]));
    const early = clock.sleepUntil(START + HOUR).then(() => woke.push(['early', clock.now()]));
    await Promise.all([late, early]);
    assert.deepEqual(woke, [
      ['early', START + HOUR],
      ['late', START + 6 * HOUR],
    ]);
    assert.equal(clock.pendingSleeps, 0);
  });

  it('does not skip time while work is in flight', async () => {
    const clock = new VirtualClock();
    const endWork = clock.beginWork();
    let woke = false;
    const sleep = clock.sleepUntil(START + HOUR).then(() => (woke = true));
    await turns(20);
    assert.equal(woke, false);
    assert.equal(clock.now(), START);
    endWork();
    endWork(); // idempotent
    await sleep;
    assert.equal(clock.now(), START + HOUR);
  });

  it('resolves deadlines already reached without moving time', async () => {
    const clock = new VirtualClock();
    await clock.sleepUntil(START - 1);
    assert.equal(clock.now(), START);
  });

  it('rejects with the abort reason and forgets the sleeper', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const sleep = clock.sleepUntil(START + HOUR, controller.signal);
    const reason = new Error('cancelled');
    controller.abort(reason);
    await assert.rejects(sleep, reason);
    assert.equal(clock.pendingSleeps, 0);
    await assert.rejects(clock.sleepUntil(START + HOUR, controller.signal), reason);
    await turns(5);
    assert.equal(clock.now(), START);
  });

  it('advances by hand, waking the sleepers it passes', async () => {
    const clock = new VirtualClock();
    const endWork = clock.beginWork();
    const woke: number[] = [];
    const first = clock.sleepUntil(START + 1000).then(() => woke.push(1));
    void clock.sleepUntil(START + 5000).then(() => woke.push(5));
    clock.advanceBy(2000);
    await first;
    assert.deepEqual(woke, [1]);
    assert.equal(clock.now(), START + 2000);
    assert.equal(clock.pendingSleeps, 1);
    endWork();
    await turns(10);
    assert.deepEqual(woke, [1, 5]);
  });
});
