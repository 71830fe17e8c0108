import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TimeSkippingClock } from '../../../local/testing/TimeSkippingClock.js';

const T0 = Date.UTC(2026, 0, 1);
const turns = (n: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : setImmediate(() => step(left - 1)));
    step(n);
  });

describe('TimeSkippingClock', () => {
  it('starts at the wall clock by default and at `start` when given', () => {
    const before = Date.now();
    const clock = new TimeSkippingClock();
    assert.ok(clock.now() >= before && clock.now() <= Date.now());
    assert.equal(new TimeSkippingClock({ start: new Date(T0) }).now(), T0);
  });

  it('stands still while nobody skips, even with sleepers pending', async () => {
    const clock = new TimeSkippingClock({ start: T0 });
    let woke = false;
    void clock.sleepUntil(T0 + 1000).then(() => (woke = true));
    await turns(10);
    assert.equal(clock.now(), T0);
    assert.equal(woke, false);
    assert.equal(clock.pendingTimers, 1);
  });

  it('skip wakes deadlines in order, each at its own time, and stops at the target', async () => {
    const clock = new TimeSkippingClock({ start: T0 });
    const seen: [string, number][] = [];
    void clock.sleepUntil(T0 + 2000).then(() => seen.push(['b', clock.now()]));
    void clock.sleepUntil(T0 + 1000).then(() => seen.push(['a', clock.now()]));
    void clock.sleepUntil(T0 + 9000).then(() => seen.push(['late', clock.now()]));
    await clock.skip(5000);
    assert.deepEqual(seen, [
      ['a', T0 + 1000],
      ['b', T0 + 2000],
    ]);
    assert.equal(clock.now(), T0 + 5000);
    assert.equal(clock.pendingTimers, 1);
  });

  it('does not jump while work is in flight', async () => {
    const clock = new TimeSkippingClock({ start: T0 });
    const end = clock.beginWork();
    const skipped = clock.skip(60_000);
    await turns(10);
    assert.equal(clock.now(), T0);
    end();
    await skipped;
    assert.equal(clock.now(), T0 + 60_000);
  });

  it('whileSkipping visits deadlines until the work settles, then stands still', async () => {
    const clock = new TimeSkippingClock({ start: T0 });
    const work = (async () => {
      await clock.sleepUntil(T0 + 24 * 3_600_000);
      return clock.now();
    })();
    void clock.sleepUntil(T0 + 48 * 3_600_000);
    assert.equal(await clock.whileSkipping(work), T0 + 24 * 3_600_000);
    await turns(10);
    assert.equal(clock.now(), T0 + 24 * 3_600_000);
  });

  it('rejects an aborted sleep and refuses a negative skip', async () => {
    const clock = new TimeSkippingClock({ start: T0 });
    const controller = new AbortController();
    const sleep = clock.sleepUntil(T0 + 1000, controller.signal);
    controller.abort(new Error('stopped'));
    await assert.rejects(sleep, { message: 'stopped' });
    assert.equal(clock.pendingTimers, 0);
    assert.throws(() => clock.skip(-1), {
      name: 'TypeError',
      message: '"ms" must be a finite, non-negative number of milliseconds',
    });
  });
});
