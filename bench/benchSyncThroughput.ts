/**
 * A full sync of 100 partitions × 10 pages by the real client orchestration on the local host
 * (Azurite for durable state and blobs, the local identity provider for its token) against a
 * loopback stand-in of the Orders API that adds 20 ms to every request. Compares the wall time
 * with the ideal for the configured parallelism, ceil(100 / parallel) × 10 pages × 20 ms plus
 * the listing call, and counts token requests at the identity provider. Targets: within 1.2× of
 * the ideal; 1 token request per run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { SYNC_INSTANCE_ID } from '../client-app/sync/syncNames.js';
import { startAzurite } from '../local/azurite/startAzurite.js';
import { startIdentityProvider } from '../local/identity/startIdentityProvider.js';
import { clientAppSettings } from '../local/stack/appSettings.js';
import { ROUTES } from '../shared/names.js';
import { findSyncProblems, type SyncRunStatus } from './support/findSyncProblems.js';
import { formatTable, formatTarget } from './support/printTable.js';
import { startBenchHost } from './support/startBenchHost.js';
import { startOrdersStandIn, type OrdersStandInStats } from './support/startOrdersStandIn.js';

const PARTITIONS = 100;
const PAGES = 10;
const ORDERS_PER_PAGE = 5;
const LATENCY_MS = 20;
const MAX_PARALLEL = 10;
const WALL_RATIO_TARGET = 1.2;
/** Far beyond the ideal (~2 s): a sync that is stuck (see the note printed) must not hang the bench. */
const RUN_TIMEOUT_MS = 90_000;
const POLL_MS = 50;
const FINISHED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

interface RunOutcome {
  readonly status: SyncRunStatus | undefined;
  readonly wallMs: number;
}

/** Starts the pieces, runs one sync through `POST /api/sync`, prints one table. */
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
      partitions: PARTITIONS,
      pagesPerPartition: PAGES,
      ordersPerPage: ORDERS_PER_PAGE,
      latencyMs: LATENCY_MS,
    });
    stops.push(() => standIn.stop());
    const client = await startBenchHost({
      app: 'client',
      env: {
        ...clientAppSettings(azurite, identity, standIn.url),
        ORDERS_SYNC_MAX_PARALLEL: String(MAX_PARALLEL),
        // Once a year: the timer must not start a second run during the bench.
        ORDERS_SYNC_SCHEDULE: '0 0 0 1 1 *',
      },
    });
    stops.push(() => client.stop());

    const tokensBefore = identity.requestCount({ endpoint: 'token' });
    const outcome = await runOnce(client.url);
    const tokenRequests = identity.requestCount({ endpoint: 'token' }) - tokensBefore;
    print(outcome, standIn.stats(), tokenRequests);
    if (outcome.status?.runtimeStatus !== 'Completed') {
      console.log(`  client host output (tail):\n${indent(client.tail().slice(-1500))}`);
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

/** `POST /api/sync` (no body: every partition the listing names), then follows the instance. */
async function runOnce(clientUrl: string): Promise<RunOutcome> {
  const started = performance.now();
  const response = await fetch(`${clientUrl}/api/${ROUTES.sync}`, { method: 'POST' });
  await response.body?.cancel();
  if (response.status !== 202) {
    throw new Error(`POST /api/${ROUTES.sync} answered ${response.status}, expected 202`);
  }
  const statusUrl = `${clientUrl}/runtime/webhooks/durabletask/instances/${SYNC_INSTANCE_ID}`;
  let status: SyncRunStatus | undefined;
  while (performance.now() - started < RUN_TIMEOUT_MS) {
    const polled = await fetch(statusUrl);
    if (polled.ok) {
      status = (await polled.json()) as SyncRunStatus;
      if (FINISHED.has(status.runtimeStatus)) {
        return { status, wallMs: performance.now() - started };
      }
    } else {
      await polled.body?.cancel();
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return { status, wallMs: performance.now() - started };
}

function print(outcome: RunOutcome, served: OrdersStandInStats, tokenRequests: number): void {
  const waves = Math.ceil(PARTITIONS / MAX_PARALLEL);
  const idealMs = (waves * PAGES + 1) * LATENCY_MS;
  const finished = outcome.status !== undefined && FINISHED.has(outcome.status.runtimeStatus);
  const wallRatio = outcome.wallMs / idealMs;
  const spanMs = served.lastResponseAt - served.firstRequestAt;
  const totals = outcome.status?.output?.totals;
  const expected = { partitions: PARTITIONS, pages: PARTITIONS * PAGES };
  const problems = findSyncProblems(
    { partitions: PARTITIONS, pagesPerPartition: PAGES, ordersPerPage: ORDERS_PER_PAGE },
    outcome.status,
    served,
  );
  const correct = problems.length === 0;

  console.log(
    `Sync of ${PARTITIONS} partitions × ${PAGES} pages (${ORDERS_PER_PAGE} orders each), ` +
      `${LATENCY_MS} ms per request, ORDERS_SYNC_MAX_PARALLEL=${MAX_PARALLEL}; client app on the local host`,
  );
  const rows = [
    ['figure', 'value', 'note'],
    [
      'ideal',
      `${idealMs} ms`,
      `ceil(${PARTITIONS}/${MAX_PARALLEL}) × ${PAGES} × ${LATENCY_MS} ms + listing`,
    ],
    [
      'wall time',
      finished ? `${outcome.wallMs.toFixed(0)} ms` : `> ${RUN_TIMEOUT_MS} ms`,
      `${wallRatio.toFixed(2)}× ideal; POST /api/sync → Completed seen (poll ${POLL_MS} ms)`,
    ],
    [
      'server-side span',
      `${spanMs.toFixed(0)} ms`,
      `${(spanMs / idealMs).toFixed(2)}× ideal; first request → last response`,
    ],
    [
      'requests served',
      String(served.requests),
      `${served.listingRequests} listing + ${served.pageRequests} pages (expected 1 + ${expected.pages}); ${served.refused} refused`,
    ],
    [
      'partition syncs',
      String(served.partitionStarts),
      `first-page requests (expected ${PARTITIONS}: each partition synced once)`,
    ],
    [
      'in flight',
      `${served.meanInFlight.toFixed(1)} mean`,
      `max ${served.maxInFlight} of ${MAX_PARALLEL} allowed (time-weighted mean over the span)`,
    ],
    [
      'per partition',
      `${served.meanPartitionMs.toFixed(0)} ms`,
      `mean, first request → last response (floor ${PAGES} × ${LATENCY_MS} ms = ${PAGES * LATENCY_MS} ms)`,
    ],
    ['token requests', String(tokenRequests), 'at the identity provider token endpoint'],
    [
      'run',
      outcome.status?.runtimeStatus ?? 'no status',
      totals
        ? `${outcome.status?.output?.status}: ${totals.synced} synced, ${totals.failed} failed, ${totals.pages} pages, ${totals.orders} orders`
        : 'no summary',
    ],
  ];
  for (const line of formatTable(rows, ['left', 'right', 'left'])) console.log(line);
  console.log(
    formatTarget(
      `wall ≤ ${WALL_RATIO_TARGET}× ideal`,
      correct && wallRatio <= WALL_RATIO_TARGET,
      `${wallRatio.toFixed(2)}×${correct ? '' : '; not a correct sync, see the note'}`,
    ),
  );
  console.log(formatTarget('1 token request per run', tokenRequests === 1, String(tokenRequests)));
  if (!correct) {
    console.log(
      `  NOTE: the sync did not run as specified: ${problems.join('; ')}.\n` +
        '  A known bug in the local durable engine mis-numbers tasks when an orchestrator yields\n' +
        '  Task.any repeatedly over a changing set of callActivityWithRetry tasks, which the sync\n' +
        '  orchestrator does; while it stands, these figures do not describe a correct sync.',
    );
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
