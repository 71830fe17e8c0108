/**
 * The sync orchestration through the real durable-functions replay on the local durable engine,
 * with scripted activities and virtual time (retry waits of hours take milliseconds).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import df from 'durable-functions';

import {
  CHUNKS_PER_EXECUTION,
  orchestratePartition,
} from '../../../client-app/sync/orchestratePartition.js';
import { orchestrateSync } from '../../../client-app/sync/orchestrateSync.js';
import {
  SYNC_ACTIVITIES,
  SYNC_ORCHESTRATION,
  SYNC_PARTITION_ORCHESTRATION,
} from '../../../client-app/sync/syncNames.js';
import { toSyncFailure } from '../../../client-app/sync/syncFailures.js';
import type {
  ChunkOutcome,
  PartitionOutcome,
  PartitionTask,
  SyncFailure,
  SyncRunInput,
  SyncSummary,
} from '../../../client-app/sync/syncTypes.js';
import {
  registerApp,
  startHarness,
  type Harness,
} from '../../local/host/durable/support/durableHarness.js';

const MINUTE = 60_000;

/**
 * What each partition's chunk activity does per call (default: sync 10 orders in one chunk).
 * `attempt` counts calls for the partition, which is the attempt when every read is one chunk.
 */
type Script = (partition: string, attempt: number) => ChunkOutcome | Error;
let script: Script;
/** How long each partition's activity takes, ms (default 5). */
let delayMs: (partition: string) => number;
let listing: () => unknown;
const calls: { partition: string; attempt: number }[] = [];
const reports: SyncSummary[] = [];
let inFlight = 0;
let maxInFlight = 0;

const registry = registerApp(() => {
  df.app.orchestration(SYNC_ORCHESTRATION, orchestrateSync);
  df.app.orchestration(SYNC_PARTITION_ORCHESTRATION, orchestratePartition);
  df.app.activity(SYNC_ACTIVITIES.listPartitions, { handler: () => listing() });
  df.app.activity(SYNC_ACTIVITIES.syncChunk, {
    handler: async (input: unknown) => {
      const { partition } = input as PartitionTask;
      const attempt = calls.filter((c) => c.partition === partition).length + 1;
      calls.push({ partition, attempt });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs(partition)));
      inFlight -= 1;
      const outcome = script(partition, attempt);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  });
  df.app.activity(SYNC_ACTIVITIES.writeRunReport, {
    handler: (summary: unknown) => {
      reports.push(summary as SyncSummary);
      return `runs/${(summary as SyncSummary).runId}/report.json`;
    },
  });
});

const synced = (name: string, orders = 10): PartitionOutcome => ({
  name,
  status: 'synced',
  mode: 'incremental',
  orders,
  pages: 1,
  chunks: 1,
  watermarkBefore: '2026-11-01T00:00:00.000Z',
  watermarkAfter: '2026-11-02T00:00:00.000Z',
  blobPath: `runs/x/partitions/${name}.ndjson`,
});
const failed = (name: string, error: SyncFailure): PartitionOutcome => ({
  name,
  status: 'failed',
  orders: 0,
  pages: 0,
  chunks: 0,
  error,
});
const outage: SyncFailure = {
  code: 'ORDERS_API_UNAVAILABLE',
  message: 'answered 503',
  retryable: true,
  fatal: false,
};
const forbidden: SyncFailure = {
  code: 'ORDERS_API_FORBIDDEN',
  message: 'no Orders.Read assignment',
  retryable: false,
  fatal: false,
};
const refused: SyncFailure = toSyncFailure('ERR_TOKEN_CLIENT_SECRET', 'the secret was refused');

function input(overrides: Partial<SyncRunInput> = {}): SyncRunInput {
  return {
    trigger: 'http',
    mode: 'incremental',
    maxParallel: 2,
    activityRetry: { firstRetryIntervalMs: MINUTE, maxAttempts: 3 },
    partitions: ['a', 'b', 'c', 'd', 'e'],
    ...overrides,
  };
}

describe('orchestrateSync', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness(registry);
  });
  after(() => harness.close());
  beforeEach(() => {
    script = (partition) => synced(partition);
    delayMs = () => 5;
    listing = () => ({ ok: true, partitions: ['a', 'b', 'c', 'd', 'e'] });
    calls.length = 0;
    reports.length = 0;
    maxInFlight = 0;
  });

  async function run(runInput: SyncRunInput) {
    const id = await harness.client.startNew(SYNC_ORCHESTRATION, { input: runInput });
    const record = await harness.engine.waitForCompletion(id);
    return {
      runtimeStatus: record.runtimeStatus,
      output: record.output === undefined ? undefined : (JSON.parse(record.output) as unknown),
      customStatus:
        record.customStatus === undefined
          ? undefined
          : (JSON.parse(record.customStatus) as unknown),
    };
  }

  it('syncs every partition once, at most maxParallel at a time, and returns the summary', async () => {
    const { runtimeStatus, output, customStatus } = await run(input());
    assert.equal(runtimeStatus, 'Completed');
    const summary = output as SyncSummary;
    assert.equal(maxInFlight, 2);
    assert.equal(calls.length, 5);
    assert.deepEqual(
      summary.partitions.map((p) => [p.name, p.status, p.orders, p.attempts]),
      ['a', 'b', 'c', 'd', 'e'].map((name) => [name, 'synced', 10, 1]),
    );
    assert.deepEqual(summary.totals, { partitions: 5, synced: 5, failed: 0, orders: 50, pages: 5 });
    assert.equal(summary.status, 'completed');
    assert.equal(summary.trigger, 'http');
    assert.match(summary.runId, /^\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    assert.equal(summary.reportPath, `runs/${summary.runId}/report.json`);
    assert.deepEqual(
      reports,
      [{ ...summary, reportPath: undefined }].map(({ reportPath: _, ...r }) => r),
    );
    assert.deepEqual(customStatus, {
      runId: summary.runId,
      done: 5,
      total: 5,
      failed: 0,
      orders: 50,
    });
  });

  it('reads a partition chunk by chunk in its sub-orchestration, past continue-as-new', async () => {
    const chunks = CHUNKS_PER_EXECUTION + 20;
    script = (partition, call) =>
      partition === 'b' && call < chunks
        ? { status: 'more', orders: call * 10, pages: call, chunks: call }
        : { ...synced(partition), chunks: partition === 'b' ? chunks : 1 };
    const { runtimeStatus, output } = await run(input({ partitions: ['a', 'b'] }));
    assert.equal(runtimeStatus, 'Completed');
    const b = (output as SyncSummary).partitions.find((p) => p.name === 'b');
    assert.deepEqual([b?.status, b?.chunks, b?.attempts], ['synced', chunks, 1]);
    assert.equal(calls.filter((c) => c.partition === 'b').length, chunks);
  });

  it('reads a partition that fits in one chunk without a sub-orchestration', async () => {
    const chunks = 3;
    script = (partition, call) =>
      partition === 'b' && call < chunks
        ? { status: 'more', orders: call * 10, pages: call, chunks: call }
        : { ...synced(partition), chunks: partition === 'b' ? chunks : 1 };
    const before = await partitionInstances();
    const { runtimeStatus, output } = await run(input({ partitions: ['a', 'b', 'c'] }));
    assert.equal(runtimeStatus, 'Completed');
    assert.deepEqual(
      (output as SyncSummary).partitions.map((p) => [p.name, p.status, p.chunks]),
      [
        ['a', 'synced', 1],
        ['b', 'synced', chunks],
        ['c', 'synced', 1],
      ],
    );
    const started = (await partitionInstances()).filter((id) => !before.includes(id));
    assert.equal(started.length, 1, `sub-orchestrations: ${started.join(', ')}`);
    assert.match(started[0] ?? '', /:b:1$/);
  });

  /** Instance ids of every partition sub-orchestration the engine holds. */
  async function partitionInstances(): Promise<string[]> {
    const all = await harness.client.getStatusAll();
    return all.filter((s) => s.name === SYNC_PARTITION_ORCHESTRATION).map((s) => s.instanceId);
  }

  it('says the mode (and the since instant) in the summary', async () => {
    const { output } = await run(
      input({ mode: 'since', since: '2026-11-30T00:00:00Z', partitions: ['a'] }),
    );
    assert.deepEqual(
      [(output as SyncSummary).mode, (output as SyncSummary).since],
      ['since', '2026-11-30T00:00:00Z'],
    );
  });

  it("asks the server's listing when no partitions are given", async () => {
    listing = () => ({ ok: true, partitions: ['a', 'b'] });
    const { output } = await run(input({ partitions: undefined }));
    assert.deepEqual(
      (output as SyncSummary).partitions.map((p) => p.name),
      ['a', 'b'],
    );
  });

  it('reports a named partition the server does not list as failed, with its reason, and syncs the rest', async () => {
    listing = () => ({ ok: true, partitions: ['a', 'b'] });
    const { runtimeStatus, output } = await run(input({ partitions: ['a', 'zz'] }));
    assert.equal(runtimeStatus, 'Completed');
    const summary = output as SyncSummary;
    assert.equal(summary.status, 'completedWithFailures');
    const zz = summary.partitions.find((p) => p.name === 'zz');
    assert.deepEqual(
      [zz?.status, zz?.attempts, zz?.error?.code, zz?.error?.retryable],
      ['failed', 0, 'PARTITION_UNKNOWN', false],
    );
    assert.match(zz?.error?.message ?? '', /partition zz is not in the server's listing/);
    assert.deepEqual(
      calls.map((c) => c.partition),
      ['a'],
      'no read is attempted for it',
    );
    assert.equal(summary.partitions.find((p) => p.name === 'a')?.status, 'synced');
  });

  it('retries a retryable failure after a durable timer, on the orchestration clock', async () => {
    script = (partition, attempt) =>
      partition === 'b' && attempt === 1 ? failed('b', outage) : synced(partition);
    const { output } = await run(input());
    const summary = output as SyncSummary;
    assert.deepEqual(
      summary.partitions.find((p) => p.name === 'b'),
      { ...synced('b'), attempts: 2 },
    );
    assert.equal(summary.status, 'completed');
    assert.ok(Date.parse(summary.finishedAt) - Date.parse(summary.startedAt) >= MINUTE);
  });

  it('reports a partition that keeps failing after maxAttempts, with backoff, and completes the rest', async () => {
    script = (partition) => (partition === 'c' ? failed('c', outage) : synced(partition));
    const { runtimeStatus, output } = await run(input());
    assert.equal(runtimeStatus, 'Completed');
    const summary = output as SyncSummary;
    assert.deepEqual(
      summary.partitions.find((p) => p.name === 'c'),
      { ...failed('c', outage), attempts: 3 },
    );
    assert.deepEqual(
      calls.filter((c) => c.partition === 'c').map((c) => c.attempt),
      [1, 2, 3],
    );
    assert.equal(summary.status, 'completedWithFailures');
    assert.deepEqual(summary.totals, { partitions: 5, synced: 4, failed: 1, orders: 40, pages: 4 });
    // Waits of 1 min then 2 min between the three attempts.
    assert.ok(Date.parse(summary.finishedAt) - Date.parse(summary.startedAt) >= 3 * MINUTE);
  });

  it('does not retry a permanent failure', async () => {
    script = (partition) => (partition === 'a' ? failed('a', forbidden) : synced(partition));
    const { output } = await run(input());
    assert.deepEqual((output as SyncSummary).partitions[0], {
      ...failed('a', forbidden),
      attempts: 1,
    });
    assert.equal(calls.filter((c) => c.partition === 'a').length, 1);
  });

  it('treats an activity that throws as retryable', async () => {
    script = (partition, attempt) =>
      partition === 'd' && attempt === 1 ? new Error('host timeout') : synced(partition);
    const { output } = await run(input());
    const d = (output as SyncSummary).partitions.find((p) => p.name === 'd');
    assert.deepEqual(d, { ...synced('d'), attempts: 2 });
  });

  it('ends the run early on a fatal failure: the rest not attempted, the report written, the instance failed', async () => {
    script = (partition) => (partition === 'b' ? failed('b', refused) : synced(partition));
    // b's refusal is seen while a is still running: a is reported, nothing after it started.
    delayMs = (partition) => (partition === 'a' ? 100 : 0);
    const { runtimeStatus, output } = await run(input());
    assert.equal(runtimeStatus, 'Failed');
    assert.match(
      String(output),
      /aborted: ERR_TOKEN_CLIENT_SECRET: the secret was refused; check AZURE_CLIENT_SECRET \(client app\) \(report: runs\/.+\/report\.json\)/,
    );
    assert.deepEqual(
      calls.map((c) => c.partition),
      ['a', 'b'],
    );
    const [report] = reports;
    assert.equal(report?.status, 'aborted');
    assert.deepEqual(report.abortedBecause, refused);
    assert.deepEqual(
      report.partitions.map((p) => [p.name, p.status, p.error?.code]),
      [
        ['a', 'synced', undefined],
        ['b', 'failed', 'ERR_TOKEN_CLIENT_SECRET'],
        ['c', 'failed', 'NOT_ATTEMPTED'],
        ['d', 'failed', 'NOT_ATTEMPTED'],
        ['e', 'failed', 'NOT_ATTEMPTED'],
      ],
    );
  });

  it('fails at once when the listing is refused, without touching partitions', async () => {
    listing = () => ({ ok: false, error: forbidden });
    const { runtimeStatus, output } = await run(input({ partitions: undefined }));
    assert.equal(runtimeStatus, 'Failed');
    assert.match(String(output), /no Orders\.Read assignment/);
    assert.equal(calls.length, 0);
    assert.deepEqual(reports[0]?.abortedBecause, forbidden);
  });

  it('retries a listing outage, then gives up fatally after maxAttempts', async () => {
    let listings = 0;
    listing = () => {
      listings += 1;
      return { ok: false, error: outage };
    };
    const { runtimeStatus } = await run(input({ partitions: undefined }));
    assert.equal(runtimeStatus, 'Failed');
    assert.equal(listings, 3);
  });
});
