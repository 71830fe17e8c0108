/**
 * Issue 11's scale bench. (a) The real client host (local Functions host, Azurite, the local
 * identity provider) fully syncs one partition of 10k, 100k and 1M orders from a loopback
 * stand-in of the Orders API that generates real-shaped orders per page and honours `top` — one
 * host process for every size, each size its own partition, then a second full run of the
 * largest in the same process — measuring wall time, orders/s, the host's peak RSS (VmHWM, reset
 * before each run) and, as the ideal, the stand-in's raw page rate for the same partition
 * measured just before. (c) After touching 1,000 orders of the largest partition, an
 * incremental run, then an unchanged one: requests, orders fetched, wall time vs the full run.
 * (b) The server side: entities read by a delta against a full read (bench/scale/benchDeltaReads).
 * Targets (judgeScale.ts) are printed met or MISSED.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startAzurite } from '../../local/azurite/startAzurite.js';
import { startIdentityProvider } from '../../local/identity/startIdentityProvider.js';
import { clientAppSettings } from '../../local/stack/appSettings.js';
import { runSyncOnce } from '../support/runSyncOnce.js';
import { startBenchHost, type BenchHost } from '../support/startBenchHost.js';
import { startOrdersStandIn, type OrdersStandIn } from '../support/startOrdersStandIn.js';
import {
  findScaleRunProblems,
  type ExpectedScaleRun,
  type ScaleRunStatus,
} from './findScaleRunProblems.js';
import type { FullSyncFigures, IncrementalFigures } from './judgeScale.js';
import { measureRawPageRate } from './measureRawPageRate.js';
import {
  printScaleReport,
  type FullSyncDetail,
  type IncrementalDetail,
} from './printScaleReport.js';
import { findAppWorkerPid, readProcessMemory, resetPeakRss } from '../support/processStats.js';
import { readPartitionIds } from './readPartitionIds.js';
import { deltaCostOf, printServerDeltaReads, runServerDeltaReads } from './serverDeltaReads.js';

interface PartitionSize {
  readonly label: string;
  /** Its own partition per size, so every size is a first (full) sync in the same host. */
  readonly partition: string;
  readonly orders: number;
}
const LARGEST: PartitionSize = { label: '1M', partition: 's1m', orders: 1_000_000 };
const SIZES: readonly PartitionSize[] = [
  { label: '10k', partition: 's10k', orders: 10_000 },
  { label: '100k', partition: 's100k', orders: 100_000 },
  LARGEST,
];
const PAGE_SIZE = 1000;
/** The default ORDERS_SYNC_CHUNK_PAGES, set explicitly so the report can place chunk boundaries. */
const CHUNK_PAGES = 50;
const TOUCHED = 1000;
/** The client's default container (ORDERS_SYNC_CONTAINER unset). */
const CONTAINER = 'orders-sync';
/** Bounds a run that never finishes: a floor of 500 orders/s (the issue's slow case is ~10×). */
const timeoutFor = (orders: number) => 60_000 + orders * 2;

/** Starts the pieces, runs every scale measurement, prints the tables and the targets. */
export async function benchScale(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const certDir = await mkdtemp(path.join(tmpdir(), 'bench-scale-'));
    stops.push(() => rm(certDir, { recursive: true, force: true }));
    const azurite = await startAzurite();
    stops.push(() => azurite.stop());
    const identity = await startIdentityProvider({ certDir });
    stops.push(() => identity.stop());
    const standIn = await startOrdersStandIn({
      partitions: SIZES.map((size) => ({ name: size.partition, orders: size.orders })),
      latencyMs: 0,
      refillAfter: 1,
    });
    stops.push(() => standIn.stop());
    const client = await startBenchHost({
      app: 'client',
      env: {
        ...clientAppSettings(azurite, identity, standIn.url),
        // One partition in flight: each size is measured alone.
        ORDERS_SYNC_MAX_PARALLEL: '1',
        ORDERS_SYNC_PAGE_SIZE: String(PAGE_SIZE),
        ORDERS_SYNC_CHUNK_PAGES: String(CHUNK_PAGES),
        // Once a year: the timer must not start a run of its own during the bench.
        ORDERS_SYNC_SCHEDULE: '0 0 0 1 1 *',
        // A console line per invocation costs the host's one event loop more than the sync does.
        AzureFunctionsJobHost__logging__logLevel__Function: 'Warning',
      },
    });
    stops.push(() => client.stop());
    const pid = client.pid === undefined ? undefined : findAppWorkerPid(client.pid);
    if (pid === undefined || readProcessMemory(pid) === undefined) {
      console.log('  (no /proc/<pid>/status for the client host: peak RSS is not measured)');
    }
    const peakResets = pid !== undefined && resetPeakRss(pid);
    if (!peakResets) {
      console.log('  (VmHWM cannot be reset here: each peak is the host lifetime peak so far)');
    }
    console.log(
      `Full syncs of one partition per size, page size ${PAGE_SIZE}, ORDERS_SYNC_MAX_PARALLEL=1, one client host process, its app worker pid ${pid ?? '?'} measured`,
    );

    const full: FullSyncDetail[] = [];
    // The host's peak since it started: the largest of the per-run peaks (VmHWM is reset per run).
    let lifetimePeak = pid === undefined ? undefined : readProcessMemory(pid)?.peakRssBytes;
    const fullRun = async (size: PartitionSize, raw: number | undefined) => {
      const detail = await runFullSync({ ...client, pid }, standIn, size, raw, peakResets);
      const peak = detail.figures.peakRssBytes;
      if (peak !== undefined) lifetimePeak = Math.max(lifetimePeak ?? 0, peak);
      full.push({ ...detail, lifetimePeakBytes: lifetimePeak });
      if (detail.figures.problems.length > 0) printTail(client);
      return detail;
    };
    for (const size of SIZES) {
      const raw = await measureRawPageRate(
        standIn.url,
        size.partition,
        PAGE_SIZE,
        size.orders / PAGE_SIZE + 1,
      );
      await fullRun(size, raw.ordersPerSecond);
    }
    const largestFull = full[full.length - 1];
    const repeat = await fullRun(
      { ...LARGEST, label: `${LARGEST.label} again` },
      largestFull?.figures.rawOrdersPerSecond,
    );

    const incremental: IncrementalDetail[] = [];
    const touched = standIn.touch(LARGEST.partition, TOUCHED);
    incremental.push(
      await runIncremental(client, standIn, azurite.connectionString, {
        label: `after touching ${TOUCHED.toLocaleString('en-US')}`,
        partition: LARGEST.partition,
        expectedIds: touched,
      }),
    );
    incremental.push(
      await runIncremental(client, standIn, azurite.connectionString, {
        label: 'unchanged',
        partition: LARGEST.partition,
        expectedIds: [],
      }),
    );

    const server = await runServerDeltaReads();
    printScaleReport(
      {
        fullSyncs: full.slice(0, SIZES.length).map((d) => d.figures),
        repeatSync: repeat.figures,
        incrementalBase: largestFull?.figures,
        afterTouch: incremental[0]?.figures,
        unchanged: incremental[1]?.figures,
        deltaCost: deltaCostOf(server),
      },
      {
        full,
        incremental,
        chunkPages: CHUNK_PAGES,
        beforeTargets: () => printServerDeltaReads(server),
      },
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

async function runFullSync(
  client: BenchHost,
  standIn: OrdersStandIn,
  size: PartitionSize,
  rawOrdersPerSecond: number | undefined,
  peakResets: boolean,
): Promise<FullSyncDetail> {
  const { pid } = client;
  standIn.reset();
  const before = pid === undefined ? undefined : readProcessMemory(pid);
  if (pid !== undefined && peakResets) resetPeakRss(pid);
  const outcome = await runSyncOnce<ScaleRunStatus>(
    client.url,
    { pollMs: 100, timeoutMs: timeoutFor(size.orders) },
    { mode: 'full', partitions: [size.partition] },
  );
  const after = pid === undefined ? undefined : readProcessMemory(pid);
  const served = standIn.partitionStats(size.partition);
  const stats = standIn.stats();
  const { status } = outcome;
  const expected: ExpectedScaleRun = {
    partition: size.partition,
    mode: 'full',
    orders: size.orders,
    pages: Math.ceil(size.orders / PAGE_SIZE),
  };
  const problems = outcome.finished
    ? findScaleRunProblems(expected, status, served)
    : [`not finished within ${timeoutFor(size.orders)} ms`];
  const figures: FullSyncFigures = {
    label: size.label,
    orders: size.orders,
    wallMs: outcome.wallMs,
    rawOrdersPerSecond,
    // Without a reset the peak is the lifetime one: still a true upper bound for the run.
    peakRssBytes: after?.peakRssBytes,
    problems,
  };
  return {
    figures,
    served,
    chunks: status?.output?.partitions?.find((p) => p.name === size.partition)?.chunks,
    readSpanMs: stats.lastResponseAt - stats.firstRequestAt,
    rssBeforeBytes: before?.rssBytes,
    lifetimePeakBytes: undefined,
  };
}

async function runIncremental(
  client: BenchHost,
  standIn: OrdersStandIn,
  connectionString: string,
  run: {
    readonly label: string;
    readonly partition: string;
    readonly expectedIds: readonly string[];
  },
): Promise<IncrementalDetail> {
  standIn.reset();
  // No mode: the default, incremental from the stored watermark.
  const outcome = await runSyncOnce<ScaleRunStatus>(
    client.url,
    { pollMs: 10, timeoutMs: 60_000 },
    { partitions: [run.partition] },
  );
  const { status } = outcome;
  const served = standIn.partitionStats(run.partition);
  const result = status?.output?.partitions?.find((p) => p.name === run.partition);
  const problems = outcome.finished
    ? findScaleRunProblems(
        { partition: run.partition, mode: 'incremental', orders: run.expectedIds.length, pages: 1 },
        status,
        served,
      )
    : ['not finished within 60 s'];
  if (problems.length === 0 && run.expectedIds.length > 0 && result?.blobPath) {
    const ids = await readPartitionIds(connectionString, CONTAINER, result.blobPath);
    const expected = new Set(run.expectedIds);
    if (ids.length !== expected.size || ids.some((id) => !expected.has(id))) {
      problems.push(
        `the blob holds ${ids.length} orders, not exactly the ${expected.size} touched`,
      );
    }
  }
  if (problems.length > 0) printTail(client);
  const figures: IncrementalFigures = {
    label: run.label,
    partitions: 1,
    wallMs: outcome.wallMs,
    requests: served.pageRequests,
    ordersFetched: result?.orders ?? 0,
    expectedOrders: run.expectedIds.length,
    problems,
  };
  return { figures, ordersServed: served.ordersServed, mode: result?.mode ?? '-' };
}

function printTail(client: BenchHost): void {
  console.log(
    `  client host output (tail):\n${client
      .tail()
      .slice(-1500)
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n')}`,
  );
}
