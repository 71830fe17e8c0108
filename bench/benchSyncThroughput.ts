/**
 * A full sync (`{"mode":"full"}`) of 100 partitions × 10 pages by the real client orchestration on the local host
 * (Azurite for durable state and blobs, the local identity provider for its token) against a
 * loopback stand-in of the Orders API that adds 20 ms to every request. Compares the wall time
 * with the ideal for the configured parallelism: ceil(100 / parallel) partitions back to back,
 * plus the listing call. Each partition costs what one partition synced alone costs, measured
 * in the same bench against the same stand-in (a loopback request on a small, busy machine
 * takes a millisecond or two more than the 20 ms added); the 20 ms-only figure is printed too.
 * Counts token requests at the identity provider. Runs on the same host: the first from a cold
 * process (as a scheduled run after the token expired), then three warm ones; then the
 * one-partition probe. Targets: the warm runs' median within 1.2× of the ideal (the cold run is
 * shown beside them); 1 token request per run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startAzurite } from '../local/azurite/startAzurite.js';
import { startIdentityProvider } from '../local/identity/startIdentityProvider.js';
import { clientAppSettings } from '../local/stack/appSettings.js';
import { findSyncProblems } from './support/findSyncProblems.js';
import type { SyncBenchShape, SyncRunFigures } from './support/judgeSyncRuns.js';
import { printSyncReport } from './support/printSyncReport.js';
import { runSyncOnce } from './support/runSyncOnce.js';
import { startBenchHost } from './support/startBenchHost.js';
import { startOrdersStandIn, uniformPartitions } from './support/startOrdersStandIn.js';

const SHAPE: SyncBenchShape = {
  partitions: 100,
  pages: 10,
  ordersPerPage: 5,
  latencyMs: 20,
  maxParallel: 10,
  wallRatioTarget: 1.2,
  pollMs: 10,
  /** Far beyond the ideal (~2 s): a stuck sync must not hang the bench. */
  timeoutMs: 90_000,
};
const RUNS = ['cold', 'warm 1', 'warm 2', 'warm 3'];
/**
 * Every run reads everything: without a body a run after the first is incremental and reads
 * nothing new, which would make the warm runs' figures meaningless against the ideal.
 */
const FULL = { mode: 'full' } as const;

/** Starts the pieces, runs the sync twice through `POST /api/sync`, prints one table. */
export async function benchSyncThroughput(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const certDir = await mkdtemp(path.join(tmpdir(), 'bench-sync-'));
    stops.push(() => rm(certDir, { recursive: true, force: true }));
    const azurite = await startAzurite();
    stops.push(() => azurite.stop());
    const identity = await startIdentityProvider({ certDir });
    stops.push(() => identity.stop());
    const standIn = await startOrdersStandIn({
      partitions: uniformPartitions(SHAPE.partitions, SHAPE.pages * SHAPE.ordersPerPage),
      latencyMs: SHAPE.latencyMs,
      refillAfter: SHAPE.maxParallel,
    });
    stops.push(() => standIn.stop());
    const client = await startBenchHost({
      app: 'client',
      env: {
        ...clientAppSettings(azurite, identity, standIn.url),
        ORDERS_SYNC_MAX_PARALLEL: String(SHAPE.maxParallel),
        // The stand-in honours `top`: this page size gives the shape's pages per partition.
        ORDERS_SYNC_PAGE_SIZE: String(SHAPE.ordersPerPage),
        // Once a year: the timer must not start a run of its own during the bench.
        ORDERS_SYNC_SCHEDULE: '0 0 0 1 1 *',
        // A line per invocation written to a console pipe costs the host's one event loop more
        // than anything the sync does; deployed, those lines go to Application Insights.
        AzureFunctionsJobHost__logging__logLevel__Function: 'Warning',
      },
    });
    stops.push(() => client.stop());

    const runs: SyncRunFigures[] = [];
    for (const name of RUNS) {
      standIn.reset();
      const tokensBefore = identity.requestCount({ endpoint: 'token' });
      const outcome = await runSyncOnce(client.url, SHAPE, FULL);
      const served = standIn.stats();
      runs.push({
        name,
        outcome,
        served,
        tokenRequests: identity.requestCount({ endpoint: 'token' }) - tokensBefore,
        problems: findSyncProblems(SHAPE, outcome.status, served),
      });
      if (!outcome.finished) break;
    }
    standIn.reset();
    const probe = await runSyncOnce(client.url, SHAPE, {
      ...FULL,
      partitions: standIn.partitionNames.slice(0, 1),
    });
    const probed = standIn.stats();
    printSyncReport(SHAPE, runs, {
      partitionMs:
        probe.status?.runtimeStatus === 'Completed' && probed.pageRequests === SHAPE.pages
          ? probed.meanPartitionMs
          : undefined,
    });
    if (runs.some((run) => run.outcome.status?.runtimeStatus !== 'Completed')) {
      console.log(`  client host output (tail):\n${indent(client.tail().slice(-1500))}`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
