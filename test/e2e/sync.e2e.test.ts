/**
 * The sync end to end: the real client orchestration on the local host, the local identity
 * provider, the real server app and Azurite, with faults injected between client and server.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';

import { TableClient, TableServiceClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';

import type { HostProcess } from '../support/startHostProcess.js';
import { startSyncSystem, type SyncSystem } from './support/startSyncSystem.js';
import {
  fireTimer,
  postSync,
  SYNC_INSTANCE_ID,
  waitForPartitionsDone,
  waitForRun,
  type RunSummary,
} from './support/syncRuns.js';

describe('order sync (end to end)', () => {
  let system: SyncSystem;
  let client: HostProcess | undefined;
  before(async () => {
    system = await startSyncSystem();
  });
  afterEach(async () => {
    system.proxy.release();
    await client?.stop();
    client = undefined;
  });
  after(() => system.stop());

  async function assertPersistedExactly(summary: RunSummary, partitions: readonly string[]) {
    const blobs = await system.readPartitionBlobs(summary.runId);
    assert.deepEqual([...blobs.keys()].sort(), [...partitions].sort());
    for (const partition of partitions) {
      const ids = blobs.get(partition) ?? [];
      const expected = system.seeded.get(partition) ?? [];
      assert.equal(new Set(ids).size, ids.length, `duplicate ids in ${partition}`);
      assert.deepEqual([...ids].sort(), [...expected].sort(), `ids of ${partition}`);
      const result = summary.partitions.find((p) => p.name === partition);
      assert.equal(result?.status, 'synced');
      assert.equal(result.orders, expected.length);
    }
  }

  it('POST /api/sync answers 202 with the check-status payload and syncs every partition exactly', async () => {
    client = await system.startClient();
    const since = Date.now();
    const response = await postSync(client.url);
    assert.equal(response.status, 202);
    const payload = (await response.json()) as Record<string, string>;
    assert.equal(payload.id, SYNC_INSTANCE_ID);
    assert.match(
      payload.statusQueryGetUri ?? '',
      /\/runtime\/webhooks\/durabletask\/instances\/orders-sync/,
    );
    assert.ok(response.headers.get('location'));

    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed');
    const summary = status.output as RunSummary;
    const partitions = [...system.seeded.keys()];
    assert.equal(summary.status, 'completed');
    assert.equal(summary.trigger, 'http');
    assert.deepEqual(summary.totals, {
      partitions: partitions.length,
      synced: partitions.length,
      failed: 0,
      orders: [...system.seeded.values()].reduce((n, ids) => n + ids.length, 0),
      pages: summary.partitions.reduce((n, p) => n + p.pages, 0),
    });
    assert.equal(summary.reportPath, `runs/${summary.runId}/report.json`);
    await assertPersistedExactly(summary, partitions);
  });

  it('the timer path (fired through the admin endpoint) runs an incremental sync', async () => {
    client = await system.startClient();
    const touched = new Map<string, string[]>();
    for (const partition of system.seeded.keys()) {
      touched.set(
        partition,
        (await system.touch(partition, 2)).map((o) => o.id),
      );
    }
    const since = Date.now();
    assert.equal((await fireTimer(client.url)).status, 202);
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed');
    const summary = status.output as RunSummary;
    assert.deepEqual([summary.trigger, summary.mode], ['timer', 'incremental']);
    const blobs = await system.readPartitionBlobs(summary.runId);
    for (const [partition, ids] of touched) {
      assert.deepEqual([...(blobs.get(partition) ?? [])].sort(), [...ids].sort(), partition);
    }
  });

  it('refuses an overlapping start: HTTP 409 naming the instance, and the timer skips', async () => {
    client = await system.startClient();
    system.proxy.setRule(() => ({ kind: 'hold' }));
    const since = Date.now();
    assert.equal((await postSync(client.url)).status, 202);

    const second = await postSync(client.url, { partitions: ['emea'] });
    assert.equal(second.status, 409);
    assert.equal(second.headers.get('content-type'), 'application/problem+json');
    const problem = (await second.json()) as Record<string, unknown>;
    assert.equal(problem.instanceId, SYNC_INSTANCE_ID);
    assert.match(
      String(problem.detail),
      /already in progress: instance orders-sync is (Running|Pending); follow it at statusQueryGetUri/,
    );
    assert.ok(
      String(problem.statusQueryGetUri).startsWith(
        `${client.url}/runtime/webhooks/durabletask/instances/${SYNC_INSTANCE_ID}`,
      ),
      String(problem.statusQueryGetUri),
    );

    assert.equal((await fireTimer(client.url)).status, 202);
    await waitFor(() =>
      client?.logs.some((line) =>
        line.includes('sync start skipped: a run is already in progress'),
      ),
    );
    assert.ok(client.logs.some((line) => line.includes('"instanceId":"orders-sync"')));

    system.proxy.release();
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.equal((status.output as RunSummary).trigger, 'http');
  });

  it('a malformed POST /api/sync body gets 400 naming the problem', async () => {
    client = await system.startClient();
    const response = await postSync(client.url, { since: 'yesterday' });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      type: 'about:blank',
      status: 400,
      title: 'Bad Request',
      detail: 'since must be an ISO-8601 UTC instant like 2026-01-31T00:00:00Z',
      parameter: 'since',
    });
  });

  it('retries intermittent 503 and 429 with Retry-After, and still persists everything', async () => {
    client = await system.startClient();
    let orderRequests = 0;
    system.proxy.setRule((request) => {
      if (!request.url?.startsWith('/api/orders?')) return { kind: 'forward' };
      orderRequests += 1;
      if (orderRequests % 3 === 1) return { kind: 'respond', status: 503 };
      if (orderRequests % 3 === 2) {
        return { kind: 'respond', status: 429, headers: { 'retry-after': '1' } };
      }
      return { kind: 'forward' };
    });
    const since = Date.now();
    await postSync(client.url, { mode: 'full' });
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed');
    const summary = status.output as RunSummary;
    assert.equal(summary.status, 'completed');
    await assertPersistedExactly(summary, [...system.seeded.keys()]);
    assert.ok(orderRequests >= 3 * summary.partitions.length, 'faults were injected');
  });

  it('reports a partition that always fails and completes the others', async () => {
    client = await system.startClient();
    const [broken, ...healthy] = [...system.seeded.keys()] as [string, ...string[]];
    system.proxy.setRule((request) =>
      request.url?.includes(`partition=${broken}&`)
        ? { kind: 'respond', status: 500 }
        : { kind: 'forward' },
    );
    const since = Date.now();
    await postSync(client.url, { mode: 'full' });
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed');
    const summary = status.output as RunSummary;
    assert.equal(summary.status, 'completedWithFailures');
    const failed = summary.partitions.find((p) => p.name === broken);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed.error?.code, 'ORDERS_API_UNAVAILABLE');
    assert.equal(failed.attempts, 2, 'retried durably (ORDERS_SYNC_ATTEMPTS=2)');
    assert.match(
      failed.error.message,
      new RegExp(`reading partition ${broken}: the Orders API answered 500`),
    );
    assert.deepEqual(summary.totals.failed, 1);
    const blobs = await system.readPartitionBlobs(summary.runId);
    assert.deepEqual([...blobs.keys()].sort(), [...healthy].sort());
    for (const partition of healthy) {
      assert.deepEqual(
        [...(blobs.get(partition) ?? [])].sort(),
        [...(system.seeded.get(partition) ?? [])].sort(),
      );
    }
  });

  it('fails clearly, without a retry storm, when the client identity lacks the role', async () => {
    const unassigned = system.identity.tenant.clients.find((c) => c.assignedRoles.length === 0);
    assert.ok(unassigned?.secret);
    client = await system.startClient({
      ORDERS_API_CREDENTIAL: 'client-secret',
      AZURE_CLIENT_ID: unassigned.clientId,
      AZURE_CLIENT_SECRET: unassigned.secret,
      AZURE_CLIENT_CERTIFICATE_PATH: '',
    });
    const requestsBefore = system.proxy.seen.length;
    const tokenRequestsBefore = system.identity.requestCount({ clientId: unassigned.clientId });
    const since = Date.now();
    await postSync(client.url);
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(JSON.stringify(status.output), /no Orders\.Read assignment on the server app/);
    assert.deepEqual(system.proxy.seen.slice(requestsBefore), ['GET /api/orders/partitions']);
    assert.equal(
      system.identity.requestCount({ clientId: unassigned.clientId }) - tokenRequestsBefore,
      1,
    );
  });

  it('survives the client host being killed mid-run: every partition persisted exactly once', async () => {
    client = await system.startClient();
    const partitions = [...system.seeded.keys()];
    const [first] = partitions;
    // Let the first partition through; hold the rest so the kill lands mid fan-out.
    system.proxy.setRule((request) =>
      request.url === '/api/orders/partitions' || request.url?.includes(`partition=${first}&`)
        ? { kind: 'forward' }
        : { kind: 'hold' },
    );
    const since = Date.now();
    await postSync(client.url, { mode: 'full' });
    await waitForPartitionsDone(client.url, 1);
    client.kill('SIGKILL');
    await client.exited;

    client = await system.startClient();
    system.proxy.release();
    const status = await waitForRun(client.url, since);
    assert.equal(status.runtimeStatus, 'Completed');
    const summary = status.output as RunSummary;
    await assertPersistedExactly(summary, partitions);
  });

  it('keeps tokens and order data out of durable state: history, inputs, outputs, custom status', async () => {
    client = await system.startClient();
    const since = Date.now();
    await postSync(client.url);
    await waitForRun(client.url, since);
    const status = await fetch(
      `${client.url}/runtime/webhooks/durabletask/instances/${SYNC_INSTANCE_ID}?showHistory=true&showHistoryOutput=true&showInput=true`,
    );
    const statusText = await status.text();
    // The partitions' chunk results are in the run's own history now.
    assert.match(statusText, /ordersSyncChunk/, 'the history is there to inspect');
    // The scan sees through a cursor's two layers of encoding.
    const nested = Buffer.from(
      JSON.stringify({ c: Buffer.from('{"nextRowKey":"01JORDERID"}').toString('base64') }),
    ).toString('base64url');
    assert.match(withDecoded(`x ${nested} y`), /"nextRowKey":"01JORDERID"/);
    const stored = withDecoded(await readDurableStorage(system));
    assert.ok(stored.length > 10_000, `durable storage read (${stored.length} chars)`);
    for (const [where, text] of [
      ['status API', withDecoded(statusText)],
      ['durable storage', stored],
    ] as const) {
      assert.doesNotMatch(text, /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/, `a JWT in the ${where}`);
      assert.doesNotMatch(text, /Bearer /i, `a bearer header in the ${where}`);
      for (const ids of system.seeded.values()) {
        for (const id of ids) assert.ok(!text.includes(id), `order ${id} in the ${where}`);
      }
    }
  });
});

/**
 * Everything the durable engine keeps in Azurite: every table except the orders store, every
 * blob container except the sync's own data.
 */
async function readDurableStorage(system: SyncSystem): Promise<string> {
  const tables = TableServiceClient.fromConnectionString(system.azurite.connectionString, {
    allowInsecureConnection: true,
  });
  const parts: string[] = [];
  for await (const table of tables.listTables()) {
    if (!table.name || table.name === 'orders') continue;
    const client = TableClient.fromConnectionString(system.azurite.connectionString, table.name, {
      allowInsecureConnection: true,
    });
    for await (const entity of client.listEntities()) parts.push(JSON.stringify(entity));
  }
  const blobs = BlobServiceClient.fromConnectionString(system.azurite.connectionString);
  for await (const container of blobs.listContainers()) {
    if (container.name === 'orders-sync') continue;
    const containerClient = blobs.getContainerClient(container.name);
    for await (const blob of containerClient.listBlobsFlat()) {
      parts.push(
        (await containerClient.getBlockBlobClient(blob.name).downloadToBuffer()).toString(),
      );
    }
  }
  return parts.join('\n');
}

/**
 * The text with every base64 or base64url run that decodes to printable text appended, twice
 * over (a continuation token is base64url JSON around the table's own base64 token), so an id
 * or a token hidden in an encoded cursor is found too.
 */
function withDecoded(text: string): string {
  let all = text;
  for (let depth = 0; depth < 2; depth++) {
    const decoded: string[] = [];
    for (const [run] of all.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
      const plain = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString(
        'utf8',
      );
      if (/^[\x20-\x7e\s]+$/.test(plain)) decoded.push(plain);
    }
    all = [text, ...decoded].join('\n');
  }
  return all;
}

async function waitFor(check: () => boolean | undefined, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
