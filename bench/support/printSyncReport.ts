import {
  judgeSyncRuns,
  type SyncBenchShape,
  type SyncProbe,
  type SyncRunFigures,
} from './judgeSyncRuns.js';
import { formatTable, formatTarget } from './printTable.js';

/**
 * Prints the runs side by side against the ideal (see judgeSyncRuns), then the wall-time target
 * on the warm runs' median, the cold run beside it, the token target, and a note for any run that
 * did not sync correctly.
 */
export function printSyncReport(
  shape: SyncBenchShape,
  runs: readonly SyncRunFigures[],
  probe: SyncProbe,
): void {
  const { partitions, pages, latencyMs, maxParallel, wallRatioTarget } = shape;
  const rounds = Math.ceil(partitions / maxParallel);
  const verdict = judgeSyncRuns(shape, runs, probe);
  const { idealMs, nominalMs } = verdict;
  console.log(
    `Sync of ${partitions} partitions × ${pages} pages (${shape.ordersPerPage} orders each), ` +
      `${latencyMs} ms per request, ORDERS_SYNC_MAX_PARALLEL=${maxParallel}; client app on the local host`,
  );
  const row = (figure: string, value: (run: SyncRunFigures) => string, note: string) => [
    figure,
    ...runs.map(value),
    note,
  ];
  const ms = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(0)} ms`);
  const ratio = (wallMs: number, ofMs: number | undefined) =>
    ofMs === undefined ? '-' : `${(wallMs / ofMs).toFixed(2)}×`;
  const rows = [
    ['figure', ...runs.map((run) => `${run.name} run`), 'note'],
    row(
      'one partition alone',
      () => ms(probe.partitionMs),
      `probe: ${pages} requests of one partition synced by itself (${pages} × ${latencyMs} ms + transport)`,
    ),
    row(
      'ideal',
      () => ms(idealMs),
      `ceil(${partitions}/${maxParallel}) × one partition alone + one request for the listing`,
    ),
    row(
      'wall time',
      ({ outcome }) =>
        outcome.finished ? `${outcome.wallMs.toFixed(0)} ms` : `> ${shape.timeoutMs} ms`,
      `POST /api/sync → finished status seen (poll ${shape.pollMs} ms)`,
    ),
    row(
      'wall / ideal',
      ({ outcome }) => ratio(outcome.wallMs, idealMs),
      `target ≤ ${wallRatioTarget}×`,
    ),
    row(
      'wall / 20 ms ideal',
      ({ outcome }) => ratio(outcome.wallMs, nominalMs),
      `against ${nominalMs} ms = (${rounds} × ${pages} + 1) × ${latencyMs} ms, transport left out`,
    ),
    row(
      'server-side span',
      ({ served }) => `${(served.lastResponseAt - served.firstRequestAt).toFixed(0)} ms`,
      'first request → last response at the stand-in',
    ),
    row(
      'requests served',
      ({ served }) => `${served.listingRequests} + ${served.pageRequests}`,
      `listing + pages (expected 1 + ${partitions * pages})`,
    ),
    row(
      'partition syncs',
      ({ served }) => String(served.partitionStarts),
      `first-page requests (expected ${partitions})`,
    ),
    row(
      'mean in flight',
      ({ served }) => served.meanInFlight.toFixed(1),
      `max allowed ${maxParallel}; time-weighted over the span`,
    ),
    row('max in flight', ({ served }) => String(served.maxInFlight), ''),
    row(
      'window refill',
      ({ served }) => `${served.meanRefillMs.toFixed(0)} ms`,
      "mean, a partition's last response → the next partition's first request",
    ),
    row(
      'per partition',
      ({ served }) => `${served.meanPartitionMs.toFixed(0)} ms`,
      `mean first request → last response (floor ${pages * latencyMs} ms)`,
    ),
    row(
      'token requests',
      (run) => String(run.tokenRequests),
      'at the identity provider (target 1 per run)',
    ),
    row(
      'run status',
      ({ outcome }) => outcome.status?.runtimeStatus ?? 'none',
      'durable runtime status',
    ),
    row(
      'summary',
      ({ outcome }) => {
        const totals = outcome.status?.output?.totals;
        return totals ? `${totals.synced}/${totals.pages}/${totals.orders}` : '-';
      },
      'synced partitions / pages / orders',
    ),
  ];
  for (const line of formatTable(rows, ['left', ...runs.map(() => 'right' as const), 'left'])) {
    console.log(line);
  }
  const times = (r: number | undefined) => (r === undefined ? '-' : `${r.toFixed(2)}×`);
  console.log(
    formatTarget(
      `wall ≤ ${wallRatioTarget}× ideal, median of the warm runs`,
      verdict.wallMet,
      idealMs === undefined
        ? 'no ideal: the probe failed'
        : `${times(verdict.warmMedian)}; runs ${verdict.warmRatios.map(times).join(', ')}${verdict.warmCorrect ? '' : '; not all correct syncs, see the note'}`,
    ),
  );
  if (verdict.coldRatio !== undefined) {
    console.log(
      `  cold run: ${times(verdict.coldRatio)} ideal; the first run in a fresh process also pays ` +
        'for JIT compilation, new connections and the token (shown, not judged)',
    );
  }
  console.log(
    formatTarget(
      '1 token request per run (cold run; a warm run may reuse the cached token)',
      verdict.tokensMet,
      runs.map((run) => `${run.name} ${run.tokenRequests}`).join(', '),
    ),
  );
  for (const run of runs.filter((r) => r.problems.length > 0)) {
    console.log(
      `  NOTE: the ${run.name} run did not sync as specified: ${run.problems.join('; ')}.\n` +
        '  Its figures do not describe a correct sync.',
    );
  }
}
