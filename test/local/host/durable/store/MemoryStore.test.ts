import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import { INITIAL_PROGRESS } from '../../../../../local/host/durable/replay/ReplayProgress.js';
import type { InstanceRecord } from '../../../../../local/host/durable/store/InstanceStore.js';
import { MemoryStore } from '../../../../../local/host/durable/store/MemoryStore.js';

const record: InstanceRecord = {
  instanceId: 'i',
  name: 'o',
  executionId: 'e',
  runtimeStatus: 'Running',
  createdTime: 0,
  lastUpdatedTime: 0,
  historyLength: 1,
  progress: INITIAL_PROGRESS,
  inbox: [],
};
const event = (id: number) => historyEvent(EventType.TaskScheduled, 0, { Name: 'a' }, id);

describe('MemoryStore', () => {
  it('appends at the committed length, overwriting what a failed save left', async () => {
    const store = new MemoryStore();
    await store.save(record, { replace: [event(0)] });
    await store.save({ ...record, historyLength: 3 }, { append: [event(1), event(2)] });
    await store.save({ ...record, historyLength: 2 }, { append: [event(9)] });
    assert.deepEqual(await store.history({ ...record, historyLength: 2 }), [event(0), event(9)]);
  });

  it('returns copies and filters lists', async () => {
    const store = new MemoryStore();
    await store.save(record);
    const copy = await store.get('i');
    assert.deepEqual(copy, record);
    assert.notEqual(copy, record);
    assert.deepEqual(await store.list({ statuses: ['Completed'] }), []);
    assert.equal(await store.purge('i'), true);
    assert.equal(await store.get('i'), undefined);
  });
});
