import type { SyncRunOutcome } from './runSyncOnce.js';
import type { OrdersStandInStats } from './startOrdersStandIn.js';

/** What the sync bench ran: the data served, the latency added and the sync's parallelism. */
export interface SyncBenchShape {
  readonly partitions: number;
  readonly pages: number;
  readonly ordersPerPage: number;
  readonly latencyMs: number;
  readonly maxParallel: number;
  readonly wallRatioTarget: number;
  readonly pollMs: number;
  readonly timeoutMs: number;
}

/** One run's figures: the client's view, the stand-in's, and what was wrong with it. */
export interface SyncRunFigures {
  /** `cold`, `warm 1`, ...: the column title. */
  readonly name: string;
  readonly outcome: SyncRunOutcome;
  readonly served: OrdersStandInStats;
  readonly tokenRequests: number;
  readonly problems: readonly string[];
}

/** One partition synced alone: its first request → last response, ms (undefined if it failed). */
export interface SyncProbe {
  readonly partitionMs: number | undefined;
}

/** What the sync bench concludes from its runs; ratios are wall / ideal. */
export interface SyncVerdict {
  /** ceil(partitions / parallel) × one partition alone + one request; undefined without a probe. */
  readonly idealMs: number | undefined;
  /** (ceil(partitions / parallel) × pages + 1) × the latency the stand-in adds. */
  readonly nominalMs: number;
  readonly coldRatio: number | undefined;
  /** Per warm run; undefined for a run that did not finish or without an ideal. */
  readonly warmRatios: readonly (number | undefined)[];
  readonly warmMedian: number | undefined;
  /** Every warm run finished and synced correctly. */
  readonly warmCorrect: boolean;
  /** The wall-time target: the warm runs' median within `wallRatioTarget`, all of them correct. */
  readonly wallMet: boolean;
  /** 1 token request in the cold run, at most 1 in any. */
  readonly tokensMet: boolean;
}

/**
 * Judges the runs: the first is the cold one (shown, and held to the token target), the rest are
 * warm, and the wall-time target is judged on their median.
 */
export function judgeSyncRuns(
  shape: SyncBenchShape,
  runs: readonly SyncRunFigures[],
  probe: SyncProbe,
): SyncVerdict {
  const rounds = Math.ceil(shape.partitions / shape.maxParallel);
  const idealMs =
    probe.partitionMs === undefined ? undefined : (rounds + 1 / shape.pages) * probe.partitionMs;
  const ratioOf = (run: SyncRunFigures) =>
    idealMs === undefined || !run.outcome.finished ? undefined : run.outcome.wallMs / idealMs;
  const [cold, ...warm] = runs;
  const warmRatios = warm.map(ratioOf);
  const measured = warmRatios.filter((r): r is number => r !== undefined);
  const warmMedian = medianOf(measured);
  const warmCorrect = warm.length > 0 && warm.every((run) => run.problems.length === 0);
  return {
    idealMs,
    nominalMs: (rounds * shape.pages + 1) * shape.latencyMs,
    coldRatio: cold ? ratioOf(cold) : undefined,
    warmRatios,
    warmMedian,
    warmCorrect,
    wallMet:
      warmCorrect &&
      measured.length === warm.length &&
      warmMedian !== undefined &&
      warmMedian <= shape.wallRatioTarget,
    tokensMet: cold?.tokenRequests === 1 && runs.every((run) => run.tokenRequests <= 1),
  };
}

function medianOf(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
