/**
 * Incremental, resumable sync end to end: the real client and server apps on the local host,
 * the local identity provider and Azurite, with fault proxies in front of the Orders API and of
 * the client's blob storage. One story, in order: each test starts from the state the one before
 * it left (watermarks, touched orders), as successive scheduled runs would.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import type { HostProcess } from '../support/startHostProcess.js';
import { startSyncSystem, type SyncSystem } from './support/startSyncSystem.js';
import { postSync, waitForRun, type RunSummary } from './support/syncRuns.js';

const PAGE_SIZE = 10;
const CHUNK_PAGES = 2;

describe('incremental sync (end to end)', () => {
  let system: SyncSystem;
  let client: HostProcess | undefined;
  let partitions: string[];
  before(async () => {
    system = await startSyncSystem({ partitions: 3, ordersPerPartition: { min: 60, max: 80 } });
    partitions = [...system.seeded.keys()];
  });
  afterEach(async () => {
    system.proxy.release();
    system.blobProxy.release();
    await client?.stop();
    client = undefined;
  });
  after(() => system.stop());

  const startClient = () =>
    system.startClient({
      ORDERS_SYNC_PAGE_SIZE: String(PAGE_SIZE),
      ORDERS_SYNC_CHUNK_PAGES: String(CHUNK_PAGES),
    });

  /** Runs one sync to its end; returns its summary and the Orders API requests it made. */
  async function sync(body?: unknown): Promise<{ summary: RunSummary; requests: string[] }> {
    client ??= await startClient();
    const seenBefore = system.proxy.seen.length;
    const since = Date.now();
    assert.equal((await postSync(client.url, body)).status, 202);
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    return { summary: status.output as RunSummary, requests: system.proxy.seen.slice(seenBefore) };
  }

  const pageRequests = (requests: string[], partition: string) =>
    requests.filter((r) => r.startsWith(`GET /api/orders?partition=${partition}&`));
  const result = (summary: RunSummary, partition: string) => {
    const found = summary.partitions.find((p) => p.name === partition);
    assert.ok(found, `no result for ${partition}`);
    return found;
  };

  it('the first run is incremental and reads each never-synced partition in full', async () => {
    const { summary } = await sync();
    assert.equal(summary.mode, 'incremental');
    const blobs = await system.readPartitionBlobs(summary.runId);
    for (const partition of partitions) {
      const r = result(summary, partition);
      assert.deepEqual(
        [r.status, r.mode, r.fullBecause, r.watermarkBefore],
        ['synced', 'full', 'first sync of this partition', null],
      );
      assert.ok(r.chunks >= 3, `${partition} was read in chunks of ${CHUNK_PAGES} pages`);
      assert.deepEqual(
        [...(blobs.get(partition) ?? [])].sort(),
        [...(system.seeded.get(partition) ?? [])].sort(),
      );
      assert.equal(await system.readWatermark(partition), r.watermarkAfter);
    }
  });

  it('after touching orders, the next run fetches exactly those orders', async () => {
    const touched = new Map<string, string[]>();
    for (const partition of partitions) {
      touched.set(
        partition,
        (await system.touch(partition, 3)).map((o) => o.id),
      );
    }
    const { summary } = await sync();
    const blobs = await system.readPartitionBlobs(summary.runId);
    for (const partition of partitions) {
      const r = result(summary, partition);
      assert.equal(r.mode, 'incremental');
      assert.equal(r.orders, 3);
      assert.deepEqual(
        [...(blobs.get(partition) ?? [])].sort(),
        [...(touched.get(partition) ?? [])].sort(),
      );
      assert.ok(r.watermarkAfter && r.watermarkBefore && r.watermarkAfter > r.watermarkBefore);
    }
  });

  it('an unchanged run fetches nothing, with one request per partition', async () => {
    const { summary, requests } = await sync();
    assert.equal(summary.totals.orders, 0);
    for (const partition of partitions) {
      assert.equal(pageRequests(requests, partition).length, 1, partition);
      assert.deepEqual(
        await system.readPartitionBlobs(summary.runId).then((b) => b.get(partition)),
        [],
      );
    }
  });

  it('an order changed while its partition is being paged is in this run or the next, never lost', async () => {
    const [partition] = partitions as [string];
    const touched = await system.touch(partition, 25);
    client ??= await startClient();
    let held = 0;
    system.proxy.setRule((request) =>
      request.url?.startsWith(`/api/orders?partition=${partition}&`) && ++held === 2
        ? { kind: 'hold' }
        : { kind: 'forward' },
    );
    const since = Date.now();
    await postSync(client.url);
    await waitUntil(() => held >= 2);
    // Changed again while the client waits for its second page.
    const [changed] = await system.touchOrders(partition, [touched[0]?.id ?? '']);
    system.proxy.release();
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed');
    const first = (status.output as RunSummary).runId;
    const versions = await system.readPartitionVersions(first, partition);
    const seenNow = versions.some((v) => v.id === changed?.id && v.updatedAt === changed.updatedAt);
    if (!seenNow) {
      const { summary } = await sync();
      const next = await system.readPartitionVersions(summary.runId, partition);
      assert.ok(
        next.some((v) => v.id === changed?.id && v.updatedAt === changed.updatedAt),
        'lost',
      );
    }
    // Every other touched order is in the run that was paging.
    for (const order of touched.slice(1))
      assert.ok(
        versions.some((v) => v.id === order.id),
        order.id,
      );
  });

  it('a failed blob commit leaves the watermark where it was; the next run catches up', async () => {
    const [, partition] = partitions as [string, string];
    const before = await system.readWatermark(partition);
    const touched = await system.touch(partition, 2);
    system.blobProxy.setRule((request) =>
      isBlobWrite(`${request.method ?? ''} ${request.url ?? ''}`, `/partitions/${partition}.ndjson`)
        ? { kind: 'respond', status: 403 }
        : { kind: 'forward' },
    );
    const failing = await sync();
    assert.equal(result(failing.summary, partition).status, 'failed');
    assert.equal(await system.readWatermark(partition), before);

    system.blobProxy.release();
    const { summary } = await sync();
    const r = result(summary, partition);
    assert.deepEqual([r.status, r.watermarkBefore], ['synced', before]);
    const ids = (await system.readPartitionBlobs(summary.runId)).get(partition) ?? [];
    for (const order of touched) assert.ok(ids.includes(order.id), `${order.id} caught up`);
  });

  it('mode "full" resyncs everything', async () => {
    const { summary } = await sync({ mode: 'full' });
    assert.equal(summary.mode, 'full');
    const blobs = await system.readPartitionBlobs(summary.runId);
    for (const partition of partitions) {
      assert.equal(result(summary, partition).mode, 'full');
      assert.deepEqual(
        [...(blobs.get(partition) ?? [])].sort(),
        [...(system.seeded.get(partition) ?? [])].sort(),
      );
    }
  });

  it('kill -9 of the client host mid-partition: only the unfinished chunk is fetched again, each blob committed once', async () => {
    const [partition] = partitions as [string];
    client ??= await startClient();
    const seenBefore = system.proxy.seen.length;
    const blobsSeenBefore = system.blobProxy.seen.length;
    let pages = 0;
    // Let the first chunk of the partition through, hold the first page of its second chunk.
    system.proxy.setRule((request) =>
      request.url?.startsWith(`/api/orders?partition=${partition}&`) && ++pages === CHUNK_PAGES + 1
        ? { kind: 'hold' }
        : { kind: 'forward' },
    );
    const since = Date.now();
    await postSync(client.url, { mode: 'full' });
    await waitUntil(() => pages > CHUNK_PAGES);
    client.kill('SIGKILL');
    await client.exited;

    client = await startClient();
    system.proxy.release();
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed');
    const summary = status.output as RunSummary;
    const requests = system.proxy.seen.slice(seenBefore);
    for (const name of partitions) {
      const urls = pageRequests(requests, name);
      const repeated = urls.filter((url, i) => urls.indexOf(url) !== i);
      if (name === partition) {
        assert.equal(repeated.length, 1, 'only the held page is fetched again');
        assert.equal(repeated[0], urls[CHUNK_PAGES], 'the first page of the unfinished chunk');
      } else {
        assert.ok(repeated.length <= CHUNK_PAGES, `${name}: at most its unfinished chunk again`);
      }
      const commits = system.blobProxy.seen
        .slice(blobsSeenBefore)
        .filter((r) => isBlobWrite(r, `/runs/${summary.runId}/partitions/${name}.ndjson`));
      assert.equal(commits.length, 1, `${name} committed once`);
    }
    const blobs = await system.readPartitionBlobs(summary.runId);
    for (const name of partitions) {
      assert.deepEqual(
        [...(blobs.get(name) ?? [])].sort(),
        [...(system.seeded.get(name) ?? [])].sort(),
      );
    }
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Whether a request (`METHOD /path?query`) makes the blob at `path` visible: the commit of its
 * staged blocks, or a whole write in one Put Blob (a read that fits in one block); not a staging.
 */
function isBlobWrite(request: string, path: string): boolean {
  const [method = '', url = ''] = request.split(' ');
  const [pathname = '', query = ''] = url.split('?');
  if (method !== 'PUT' || !pathname.endsWith(path)) return false;
  const comp = new URLSearchParams(query).get('comp');
  return comp === null || comp === 'blocklist';
}
