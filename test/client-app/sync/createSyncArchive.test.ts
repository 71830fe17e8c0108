import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

import { createSyncArchive } from '../../../client-app/sync/createSyncArchive.js';
import type { SyncSummary } from '../../../client-app/sync/syncTypes.js';
import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';

describe('createSyncArchive (Azurite)', () => {
  let azurite: RunningAzurite;
  let container: ContainerClient;
  before(async () => {
    azurite = await startAzurite();
    container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      'orders-sync',
    );
  });
  after(() => azurite.stop());

  it('writes a partition as NDJSON and overwrites it when the activity runs again', async () => {
    const archive = createSyncArchive(container);
    const first = await archive.writePartition('run1', 'emea', [
      { id: '1', partition: 'emea' },
      { id: '2', partition: 'emea' },
    ]);
    const again = await archive.writePartition('run1', 'emea', [
      { id: '1', partition: 'emea' },
      { id: '2', partition: 'emea' },
    ]);
    assert.equal(first, 'runs/run1/partitions/emea.ndjson');
    assert.equal(again, first);
    const blobs = [];
    for await (const blob of container.listBlobsFlat({
      prefix: 'runs/run1/',
      includeMetadata: true,
    })) {
      blobs.push({ name: blob.name, orders: blob.metadata?.orders });
    }
    assert.deepEqual(blobs, [{ name: 'runs/run1/partitions/emea.ndjson', orders: '2' }]);
    const text = (await container.getBlockBlobClient(first).downloadToBuffer()).toString('utf8');
    assert.equal(text, '{"id":"1","partition":"emea"}\n{"id":"2","partition":"emea"}\n');
  });

  it('writes the run report with its own path', async () => {
    const summary: SyncSummary = {
      runId: 'run2',
      status: 'completed',
      trigger: 'http',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      partitions: [],
      totals: { partitions: 0, synced: 0, failed: 0, orders: 0, pages: 0 },
    };
    const path = await createSyncArchive(container).writeReport(summary);
    assert.equal(path, 'runs/run2/report.json');
    const stored = JSON.parse(
      (await container.getBlockBlobClient(path).downloadToBuffer()).toString('utf8'),
    ) as unknown;
    assert.deepEqual(stored, { ...summary, reportPath: path });
  });
});
