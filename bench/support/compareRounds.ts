/** Median and spread of one side's rounds. */
export interface RoundFigures {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function roundFigures(values: readonly number[]): RoundFigures {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
}

/**
 * Tracing's overhead in percent, from the medians: for a rate (req/s, higher is better) how much
 * lower it is with tracing, for a time (lower is better) how much longer.
 */
export function overheadPercent(
  off: RoundFigures,
  on: RoundFigures,
  kind: 'rate' | 'time',
): number {
  if (off.median === 0) return 0;
  return kind === 'rate' ? (1 - on.median / off.median) * 100 : (on.median / off.median - 1) * 100;
}
