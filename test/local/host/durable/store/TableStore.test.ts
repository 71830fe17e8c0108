import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';

import { startAzurite, type RunningAzurite } from '../../../../../local/azurite/startAzurite.js';
import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import { INITIAL_PROGRESS } from '../../../../../local/host/durable/replay/ReplayProgress.js';
import type { InstanceRecord } from '../../../../../local/host/durable/store/InstanceStore.js';
import { TableStore } from '../../../../../local/host/durable/store/TableStore.js';

const T0 = Date.UTC(2026, 0, 1);

function record(instanceId: string, changes: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    instanceId,
    name: 'orch',
    executionId: 'exec1',
    runtimeStatus: 'Running',
    input: '"in"',
    createdTime: T0,
    lastUpdatedTime: T0,
    historyLength: 0,
    progress: INITIAL_PROGRESS,
    inbox: [],
    ...changes,
  };
}

const events = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) =>
    historyEvent(
      EventType.TaskScheduled,
      T0,
      { Name: `a${from + i}`, Input: 'x'.repeat(50) },
      from + i,
    ),
  );

describe('TableStore', () => {
  let azurite: RunningAzurite;
  let store: TableStore;

  before(async () => {
    azurite = await startAzurite();
    store = new TableStore({ connectionString: azurite.connectionString, hubName: 'StoreTest' });
  });
  after(() => azurite.stop());

  it('round-trips a record and appends history in order', async () => {
    const first = record('a/b#c?d', { historyLength: 3 });
    await store.save(first, { replace: events(3) });
    const second = { ...first, historyLength: 5 };
    await store.save(second, { append: events(2, 3) });
    assert.deepEqual(await store.get('a/b#c?d'), second);
    assert.deepEqual(await store.history(second), events(5));
    assert.equal(await store.get('missing'), undefined);
  });

  it('ignores history a crashed save wrote past the committed length, then overwrites it', async () => {
    const committed = record('crash', { historyLength: 2 });
    await store.save(committed, { replace: events(2) });
    // A save that crashed after writing its history chunk but before the instance row.
    const history = TableClient.fromConnectionString(azurite.connectionString, 'StoreTestHistory', {
      allowInsecureConnection: true,
    });
    await history.upsertEntity({
      partitionKey: 'crash',
      rowKey: 'exec1_0000000002',
      Parts: 1,
      D0: JSON.stringify(events(4, 2)),
    });
    assert.deepEqual(await store.history(committed), events(2));

    const next = { ...committed, historyLength: 3 };
    await store.save(next, { append: events(1, 2) });
    assert.deepEqual(await store.history(next), events(3));
  });

  it('splits large episodes across rows', async () => {
    const many = events(5000);
    const big = record('big', { historyLength: many.length });
    await store.save(big, { replace: many });
    assert.deepEqual(await store.history(big), many);
  });

  it('keeps payloads too large for an entity in blobs, and purges them', async () => {
    const huge = 'z'.repeat(500_000);
    const events = [
      historyEvent(EventType.TaskCompleted, T0, {
        TaskScheduledId: 0,
        Result: JSON.stringify(huge),
      }),
    ];
    const large = record('large', { input: JSON.stringify(huge), historyLength: 1 });
    await store.save(large, { replace: events });
    assert.deepEqual(await store.get('large'), large);
    assert.deepEqual(await store.history(large), events);
    assert.equal(await store.purge('large'), true);
    const container = BlobServiceClient.fromConnectionString(
      azurite.connectionString,
    ).getContainerClient('storetest-largemessages');
    const left: string[] = [];
    for await (const blob of container.listBlobsFlat()) left.push(blob.name);
    assert.deepEqual(left, []);
  });

  it('replaces history for a new execution and purges everything', async () => {
    await store.save(record('cycle', { historyLength: 2 }), { replace: events(2) });
    const renewed = record('cycle', { executionId: 'exec2', historyLength: 1 });
    await store.save(renewed, { replace: events(1, 7) });
    assert.deepEqual(await store.history(renewed), events(1, 7));
    assert.equal(await store.purge('cycle'), true);
    assert.equal(await store.purge('cycle'), false);
    assert.equal(await store.get('cycle'), undefined);
  });

  it("deletes every row of a replaced execution's history after the save, past one transaction's 100", async () => {
    const rowsOf = async (executionId: string) => {
      const history = TableClient.fromConnectionString(
        azurite.connectionString,
        'StoreTestHistory',
        { allowInsecureConnection: true },
      );
      let rows = 0;
      for await (const row of history.listEntities({
        queryOptions: { filter: `PartitionKey eq 'long'` },
      })) {
        if (row.rowKey?.startsWith(`${executionId}_`)) rows += 1;
      }
      return rows;
    };
    // A store of its own: close() is when its cleanups are known to be done.
    const own = new TableStore({
      connectionString: azurite.connectionString,
      hubName: 'StoreTest',
    });
    for (let length = 1; length <= 130; length++) {
      await own.save(record('long', { historyLength: length }), {
        append: events(1, length - 1),
      });
    }
    assert.equal(await rowsOf('exec1'), 130);
    const renewed = record('long', { executionId: 'exec2', historyLength: 1 });
    await own.save(renewed, { replace: events(1, 500) });
    assert.deepEqual(await own.history(renewed), events(1, 500));
    await own.close();
    assert.equal(await rowsOf('exec1'), 0);
    assert.equal(await rowsOf('exec2'), 1);
  });

  it('lists records by status and creation time', async () => {
    await store.save(record('done', { runtimeStatus: 'Completed', createdTime: T0 + 1000 }));
    const completed = await store.list({ statuses: ['Completed'] });
    assert.deepEqual(
      completed.map((r) => r.instanceId),
      ['done'],
    );
    const late = await store.list({ createdTimeFrom: T0 + 500 });
    assert.deepEqual(
      late.map((r) => r.instanceId),
      ['done'],
    );
  });
});
