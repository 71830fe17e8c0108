import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { LiveInstance } from '../../../../local/host/durable/LiveInstance.js';
import { INITIAL_PROGRESS } from '../../../../local/host/durable/replay/ReplayProgress.js';

const record = {
  instanceId: 'i',
  name: 'o',
  executionId: 'e',
  runtimeStatus: 'Running' as const,
  createdTime: 0,
  lastUpdatedTime: 0,
  historyLength: 0,
  progress: INITIAL_PROGRESS,
  inbox: [],
};

describe('LiveInstance', () => {
  it('runs exclusive tasks one after another, even when one fails', async () => {
    const live = new LiveInstance(record, []);
    const order: string[] = [];
    const slow = live.exclusive(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push('first');
    });
    const failing = live.exclusive(() => {
      order.push('second');
      return Promise.reject(new Error('nope'));
    });
    const third = live.exclusive(() => {
      order.push('third');
      return Promise.resolve(3);
    });
    await slow;
    await assert.rejects(failing, { message: 'nope' });
    assert.equal(await third, 3);
    await live.settled();
    assert.deepEqual(order, ['first', 'second', 'third']);
  });

  it('aborts every timer it holds', () => {
    const live = new LiveInstance(record, []);
    const timer = new AbortController();
    live.timers.set(1, timer);
    live.cancelTimers();
    assert.equal(timer.signal.aborted, true);
    assert.equal(live.timers.size, 0);
  });
});
