/** One contract for every SyncStateStore: the blob store on Azurite and the in-memory one. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient } from '@azure/storage-blob';

import { createBlobSyncStateStore } from '../../../../client-app/sync/state/createBlobSyncStateStore.js';
import { createMemorySyncStateStore } from '../../../../client-app/sync/state/createMemorySyncStateStore.js';
import { emptySyncState } from '../../../../client-app/sync/state/partitionSyncState.js';
import {
  SyncStateConflictError,
  type SyncStateStore,
} from '../../../../client-app/sync/state/SyncStateStore.js';
import { startAzurite, type RunningAzurite } from '../../../../local/azurite/startAzurite.js';

function contract(name: string, open: () => Promise<SyncStateStore>) {
  describe(`SyncStateStore contract: ${name}`, () => {
    let store: SyncStateStore;
    before(async () => {
      store = await open();
    });

    it('reads a partition never written as absent', async () => {
      assert.deepEqual(await store.read('never'), { kind: 'absent' });
    });

    it('creates, reads back, and replaces only the version it read', async () => {
      const state = { ...emptySyncState('emea'), watermark: '2026-12-01T00:00:00.000Z' };
      const etag = await store.write('emea', state, undefined);
      const found = await store.read('emea');
      assert.equal(found.kind, 'found');
      assert.deepEqual(found.kind === 'found' && found.state, state);
      assert.equal(found.kind === 'found' && found.etag, etag);

      const next = await store.write('emea', { ...state, lastRunId: 'r2' }, etag);
      assert.notEqual(next, etag);
      await assert.rejects(store.write('emea', state, etag), SyncStateConflictError);
      await assert.rejects(store.write('emea', state, undefined), SyncStateConflictError);
    });

    it('keeps partitions apart', async () => {
      await store.write('apac', emptySyncState('apac'), undefined);
      const apac = await store.read('apac');
      assert.equal(apac.kind === 'found' && apac.state.partition, 'apac');
    });
  });
}

let azurite: RunningAzurite | undefined;
after(() => azurite?.stop());

contract('blob (Azurite)', async () => {
  azurite = await startAzurite();
  return createBlobSyncStateStore(
    BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      'orders-sync',
    ),
  );
});
contract('memory', () => Promise.resolve(createMemorySyncStateStore()));

describe('SyncStateStore: a hand-edited state', () => {
  it('is reported as corrupt with the reason, and can be overwritten', async () => {
    const store = createMemorySyncStateStore();
    store.texts.set('emea', JSON.stringify({ ...emptySyncState('emea'), watermark: 42 }));
    const read = await store.read('emea');
    assert.deepEqual(read.kind === 'corrupt' && read.reason, 'the sync state has a bad watermark');
    await store.write('emea', emptySyncState('emea'), read.kind === 'corrupt' ? read.etag : '');
    assert.equal((await store.read('emea')).kind, 'found');
  });
});
