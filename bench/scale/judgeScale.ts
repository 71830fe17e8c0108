/**
 * What the scale bench concludes (issue 11's targets), from figures alone: pure, so the judging
 * is tested without running anything.
 */

/** One full sync of one partition by the client host. */
export interface FullSyncFigures {
  /** The column title: `10k`, `100k`, `1M`, `1M again`. */
  readonly label: string;
  /** Orders in the partition. */
  readonly orders: number;
  readonly wallMs: number;
  /** Orders/s the stand-in served the same partition at to a bare sequential reader. */
  readonly rawOrdersPerSecond: number | undefined;
  /** The host's peak RSS during the run (VmHWM reset before it), bytes. */
  readonly peakRssBytes: number | undefined;
  /** Why the run does not count as a correct full sync; empty when it does. */
  readonly problems: readonly string[];
}

/** One incremental run (after touching orders, or with nothing changed). */
export interface IncrementalFigures {
  readonly label: string;
  readonly partitions: number;
  readonly wallMs: number;
  /** Page requests the stand-in saw for the run's partitions. */
  readonly requests: number;
  /** What the run wrote (the summary's orders) and what it should have. */
  readonly ordersFetched: number;
  readonly expectedOrders: number;
  readonly problems: readonly string[];
}

/** The server's delta path against its full read (helper figures from the server-side bench). */
export interface DeltaCostFigures {
  readonly orders: number;
  readonly changes: number;
  readonly fullEntitiesRead: number;
  readonly deltaEntitiesRead: number;
  /** Orders the delta returned: must be the changes, or the count means nothing. */
  readonly deltaItems: number;
}

export interface ScaleFigures {
  /** In size order; the smallest is the RSS baseline, the largest the throughput and RSS test. */
  readonly fullSyncs: readonly FullSyncFigures[];
  /** A second full sync of the largest partition in the same process. */
  readonly repeatSync: FullSyncFigures | undefined;
  /** The full sync the incremental runs are compared with (of the same partition). */
  readonly incrementalBase: FullSyncFigures | undefined;
  readonly afterTouch: IncrementalFigures | undefined;
  readonly unchanged: IncrementalFigures | undefined;
  readonly deltaCost: DeltaCostFigures | undefined;
}

export interface ScaleTargets {
  /** Largest-size peak RSS / smallest-size peak RSS must stay under this. */
  readonly rssGrowth: number;
  readonly rssCapBytes: number;
  readonly unchangedRequestsPerPartition: number;
  /** Unchanged run's wall time / the full run's, under this. */
  readonly unchangedTimeShare: number;
  /** Delta entities read / full read's, under this. */
  readonly deltaEntityShare: number;
  /** Full-sync orders/s / the raw page rate, at least this. */
  readonly rateRatio: number;
}

export const SCALE_TARGETS: ScaleTargets = {
  rssGrowth: 1.3,
  rssCapBytes: 300e6,
  unchangedRequestsPerPartition: 1,
  unchangedTimeShare: 0.05,
  deltaEntityShare: 0.02,
  rateRatio: 0.7,
};

/** One target line: what it asks, whether it was met, and the figures it was judged on. */
export interface TargetVerdict {
  readonly what: string;
  readonly met: boolean;
  readonly detail: string;
}

const mb = (bytes: number | undefined) =>
  bytes === undefined ? '-' : `${(bytes / 1e6).toFixed(0)} MB`;
const times = (ratio: number | undefined) => (ratio === undefined ? '-' : `${ratio.toFixed(2)}×`);
const percent = (share: number | undefined) =>
  share === undefined ? '-' : `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;

export function ordersPerSecond(run: FullSyncFigures): number {
  return run.wallMs > 0 ? (run.orders / run.wallMs) * 1000 : 0;
}

/** Every target of issue 11, in the order printed; a target without its figures is missed. */
export function judgeScale(
  figures: ScaleFigures,
  targets: ScaleTargets = SCALE_TARGETS,
): TargetVerdict[] {
  const { fullSyncs, repeatSync } = figures;
  const smallest = fullSyncs[0];
  const largest = fullSyncs.length > 1 ? fullSyncs[fullSyncs.length - 1] : undefined;
  const measuredRss = (run: FullSyncFigures | undefined) =>
    run !== undefined && run.problems.length === 0 ? run.peakRssBytes : undefined;
  const base = measuredRss(smallest);
  const rssRuns = [largest, repeatSync];
  const growth = rssRuns.map((run) => {
    const peak = measuredRss(run);
    return peak === undefined || base === undefined || base === 0 ? undefined : peak / base;
  });
  const peaks = rssRuns.map(measuredRss);
  const label = (run: FullSyncFigures | undefined, fallback: string) => run?.label ?? fallback;

  const verdicts: TargetVerdict[] = [
    {
      what: `client peak RSS flat: ${label(largest, 'largest')} < ${targets.rssGrowth}× ${label(smallest, 'smallest')}, also on a second run in the same process`,
      met: growth.every((g) => g !== undefined && g < targets.rssGrowth),
      detail: `${label(smallest, 'smallest')} ${mb(base)}; ${rssRuns
        .map(
          (run, i) =>
            `${label(run, i === 0 ? 'largest' : 'second run')} ${mb(peaks[i])} = ${times(growth[i])}`,
        )
        .join(', ')}`,
    },
    {
      what: `client peak RSS under ${mb(targets.rssCapBytes)} at ${label(largest, 'the largest size')}, also on a second run`,
      met: peaks.every((peak) => peak !== undefined && peak < targets.rssCapBytes),
      detail: rssRuns
        .map((run, i) => `${label(run, i === 0 ? 'largest' : 'second run')} ${mb(peaks[i])}`)
        .join(', '),
    },
  ];

  const rate = largest && largest.problems.length === 0 ? ordersPerSecond(largest) : undefined;
  const raw = largest?.rawOrdersPerSecond;
  const rateRatio = rate !== undefined && raw ? rate / raw : undefined;
  verdicts.push({
    what: `full-sync orders/s ≥ ${targets.rateRatio}× the stand-in's raw page rate at ${label(largest, 'the largest size')}`,
    met: rateRatio !== undefined && rateRatio >= targets.rateRatio,
    detail: `${rate === undefined ? '-' : rate.toFixed(0)} vs ${raw === undefined ? '-' : raw.toFixed(0)} orders/s = ${times(rateRatio)}`,
  });

  const { afterTouch, unchanged, incrementalBase } = figures;
  const fetchedRight = (run: IncrementalFigures | undefined) =>
    run !== undefined && run.problems.length === 0 && run.ordersFetched === run.expectedOrders;
  verdicts.push({
    what: 'an incremental run fetches exactly the changes: the touched orders, then none',
    met: fetchedRight(afterTouch) && fetchedRight(unchanged),
    detail: [afterTouch, unchanged]
      .map((run, i) =>
        run === undefined
          ? `${i === 0 ? 'after touching' : 'unchanged'}: not run`
          : `${run.label}: ${run.ordersFetched} of ${run.expectedOrders} expected${run.problems.length > 0 ? ` (${run.problems.join('; ')})` : ''}`,
      )
      .join(', '),
  });

  const perPartition =
    unchanged && unchanged.partitions > 0 ? unchanged.requests / unchanged.partitions : undefined;
  const share =
    unchanged &&
    incrementalBase &&
    incrementalBase.problems.length === 0 &&
    incrementalBase.wallMs > 0
      ? unchanged.wallMs / incrementalBase.wallMs
      : undefined;
  verdicts.push({
    what: `an unchanged run: ≤ ${targets.unchangedRequestsPerPartition} request per partition and < ${targets.unchangedTimeShare * 100}% of the full run's time`,
    met:
      unchanged !== undefined &&
      unchanged.problems.length === 0 &&
      perPartition !== undefined &&
      perPartition <= targets.unchangedRequestsPerPartition &&
      share !== undefined &&
      share < targets.unchangedTimeShare,
    detail: `${perPartition === undefined ? '-' : perPartition.toFixed(1)} per partition; ${
      unchanged ? `${unchanged.wallMs.toFixed(0)} ms` : '-'
    } of ${incrementalBase ? `${incrementalBase.wallMs.toFixed(0)} ms` : '-'} = ${percent(share)}`,
  });

  const { deltaCost } = figures;
  const entityShare =
    deltaCost && deltaCost.fullEntitiesRead > 0
      ? deltaCost.deltaEntitiesRead / deltaCost.fullEntitiesRead
      : undefined;
  verdicts.push({
    what: `a delta costs what changed: ${deltaCost ? deltaCost.changes.toLocaleString('en-US') : '1,000'} changes in ${
      deltaCost ? deltaCost.orders.toLocaleString('en-US') : '100,000'
    } orders read < ${targets.deltaEntityShare * 100}% of a full read's entities`,
    met:
      entityShare !== undefined &&
      entityShare < targets.deltaEntityShare &&
      deltaCost?.deltaItems === deltaCost?.changes,
    detail: deltaCost
      ? `${deltaCost.deltaEntitiesRead} vs ${deltaCost.fullEntitiesRead} entities = ${percent(entityShare)}${
          deltaCost.deltaItems === deltaCost.changes
            ? ''
            : `; but the delta returned ${deltaCost.deltaItems} orders for ${deltaCost.changes} changes`
        }`
      : 'no server-side figures',
  });
  return verdicts;
}
