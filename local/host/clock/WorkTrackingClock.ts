import type { Clock } from '../contracts.js';

/** A clock that must know when work is in flight, so it only skips time while nothing runs. */
export interface WorkTrackingClock extends Clock {
  /** Marks work as in flight until the returned function is called (idempotent). */
  beginWork(): () => void;
}

const noop = (): void => {};

/**
 * Tells `clock` that work has started, when it cares (a virtual clock); a no-op for the system
 * clock. Returns the function that ends the work.
 */
export function beginWork(clock: Clock): () => void {
  const tracking = clock as Partial<WorkTrackingClock>;
  return typeof tracking.beginWork === 'function' ? tracking.beginWork() : noop;
}
