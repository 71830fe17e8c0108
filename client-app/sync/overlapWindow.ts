/**
 * The overlap window: an incremental read starts `overlap` before the stored watermark, so an
 * order committed late with an earlier `updatedAt` (writer clock skew, slow commits) is still
 * read. The orders the previous run read in that window are kept as keys and dropped on the
 * re-read, so an unchanged partition writes nothing.
 */

/** At most this many keys are kept; past it the newest are kept (older repeats then reappear). */
export const MAX_OVERLAP_KEYS = 10_000;

/** An order version: the same id with a newer `updatedAt` is a new version, not a repeat. */
export function orderVersionKey(order: {
  readonly id: string;
  readonly updatedAt: string;
}): string {
  return `${order.updatedAt} ${order.id}`;
}

/**
 * Keys worth keeping for the next run: those at or after `floorMs`, newest first up to the
 * bound. Keys start with a fixed-width ISO instant, so string order is time order.
 */
export function keepRecent(keys: Iterable<string>, floorMs: number): string[] {
  const floor = new Date(Math.max(0, floorMs)).toISOString();
  const kept = [...new Set(keys)].filter((key) => key >= floor).sort();
  return kept.length > MAX_OVERLAP_KEYS ? kept.slice(kept.length - MAX_OVERLAP_KEYS) : kept;
}

/** The instant of a key, ms. */
export function keyTime(key: string): number {
  return Date.parse(key.slice(0, key.indexOf(' ')));
}
