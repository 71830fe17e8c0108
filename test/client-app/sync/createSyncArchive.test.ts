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

  async function listed(prefix: string) {
    const blobs = [];
    for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true })) {
      blobs.push({ name: blob.name, orders: blob.metadata?.orders, mode: blob.metadata?.mode });
    }
    return blobs;
  }

  it('a partition blob appears only when committed, whole, and a second commit changes nothing', async () => {
    const archive = createSyncArchive(container);
    await archive.stageBlock('run1', 'emea', 0, Buffer.from('{"id":"1"}\n'));
    await archive.stageBlock('run1', 'emea', 1, Buffer.from('{"id":"x"}\n'));
    // Staging an index again replaces it: a re-run chunk overwrites what it staged before.
    await archive.stageBlock('run1', 'emea', 1, Buffer.from('{"id":"2"}\n'));
    assert.deepEqual(await listed('runs/run1/'), [], 'nothing listed before the commit');

    const path = await archive.commitPartition('run1', 'emea', 2, { orders: 2, mode: 'full' });
    assert.equal(path, 'runs/run1/partitions/emea.ndjson');
    const blob = container.getBlockBlobClient(path);
    const { etag } = await blob.getProperties();
    assert.equal((await blob.downloadToBuffer()).toString(), '{"id":"1"}\n{"id":"2"}\n');
    assert.deepEqual(await listed('runs/run1/'), [{ name: path, orders: '2', mode: 'full' }]);

    await archive.commitPartition('run1', 'emea', 2, { orders: 2, mode: 'full' });
    assert.equal((await blob.getProperties()).etag, etag, 'committed once');
  });

  it('writes a partition read in one piece, whole, and a second write of it changes nothing', async () => {
    const archive = createSyncArchive(container);
    const body = Buffer.from('{"id":"1"}\n{"id":"2"}\n');
    const path = await archive.writePartition('run4', 'emea', body, { orders: 2, mode: 'full' });
    assert.equal(path, 'runs/run4/partitions/emea.ndjson');
    const blob = container.getBlockBlobClient(path);
    const properties = await blob.getProperties();
    assert.equal(properties.contentType, 'application/x-ndjson');
    assert.equal((await blob.downloadToBuffer()).toString(), body.toString());
    assert.deepEqual(await listed('runs/run4/'), [{ name: path, orders: '2', mode: 'full' }]);

    await archive.writePartition('run4', 'emea', body, { orders: 2, mode: 'full' });
    assert.equal((await blob.getProperties()).etag, properties.etag, 'written once');
  });

  it('replaces a blob of the same path that another read wrote (its metadata says so)', async () => {
    const archive = createSyncArchive(container);
    await archive.writePartition('run5', 'emea', Buffer.from('{"id":"1"}\n'), {
      orders: 1,
      mode: 'incremental',
    });
    const body = Buffer.from('{"id":"1"}\n{"id":"2"}\n');
    await archive.writePartition('run5', 'emea', body, { orders: 2, mode: 'incremental' });
    const blob = container.getBlockBlobClient('runs/run5/partitions/emea.ndjson');
    assert.equal((await blob.downloadToBuffer()).toString(), body.toString());
    assert.equal((await blob.getProperties()).metadata?.orders, '2');
  });

  it('commits an empty partition as an empty blob', async () => {
    const archive = createSyncArchive(container);
    const path = await archive.commitPartition('run0', 'apac', 0, {
      orders: 0,
      mode: 'incremental',
    });
    assert.equal((await container.getBlockBlobClient(path).downloadToBuffer()).length, 0);
  });

  it('fails the commit when a block was never staged', async () => {
    const archive = createSyncArchive(container);
    await archive.stageBlock('run3', 'emea', 0, Buffer.from('{"id":"1"}\n'));
    await assert.rejects(archive.commitPartition('run3', 'emea', 2, { orders: 2, mode: 'full' }));
    assert.deepEqual(await listed('runs/run3/'), []);
  });

  const summary = (runId: string): SyncSummary => ({
    runId,
    status: 'completed',
    trigger: 'http',
    mode: 'incremental',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    partitions: [],
    totals: { partitions: 0, synced: 0, failed: 0, orders: 0, pages: 0 },
  });
  const read = async (path: string) =>
    JSON.parse((await container.getBlockBlobClient(path).downloadToBuffer()).toString()) as Record<
      string,
      unknown
    >;

  it('writes the report with its own path and the run before it, and points latest.json at it', async () => {
    const archive = createSyncArchive(container);
    const first = await archive.writeReport(summary('r-1'));
    assert.deepEqual(await read(first), {
      ...summary('r-1'),
      reportPath: 'runs/r-1/report.json',
      previousRunId: null,
    });
    const second = await archive.writeReport(summary('r-2'));
    assert.equal((await read(second)).previousRunId, 'r-1');
    // A re-delivered report activity keeps its link.
    await archive.writeReport(summary('r-2'));
    assert.equal((await read(second)).previousRunId, 'r-1');
    assert.deepEqual(await read('latest.json'), {
      runId: 'r-2',
      status: 'completed',
      mode: 'incremental',
      finishedAt: '2026-01-01T00:00:01.000Z',
      reportPath: 'runs/r-2/report.json',
      partitions: [],
    });
  });
});
