import { IdleCheck } from './IdleCheck.js';
import { SleeperSet } from './SleeperSet.js';
import type { WorkTrackingClock } from './WorkTrackingClock.js';

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Epoch ms the clock starts at. Default: 2026-01-01T00:00:00Z. */
  readonly start?: number;
}

/**
 * Time that skips ahead: once no work is in flight (see {@link beginWork}), `now()` jumps to the
 * earliest pending `sleepUntil` deadline and those sleepers wake. A six-hour durable timer thus
 * completes in milliseconds, with every timestamp consistent with the skipped time.
 *
 * Sleepers that re-arm forever (a cron timer) keep time racing ahead while nothing else runs;
 * give such timers a clock of their own.
 */
export class VirtualClock implements WorkTrackingClock {
  #now: number;
  readonly #idle = new IdleCheck(
    () => this.#sleepers.size > 0,
    () => this.#advance(),
  );
  readonly #sleepers = new SleeperSet(() => this.#idle.schedule());

  constructor(options: VirtualClockOptions = {}) {
    this.#now = options.start ?? Date.UTC(2026, 0, 1);
  }

  now(): number {
    return this.#now;
  }

  /** Number of sleepers still waiting. */
  get pendingSleeps(): number {
    return this.#sleepers.size;
  }

  sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    return this.#sleepers.sleepUntil(at, this.#now, signal);
  }

  /** Moves time forward by `ms` at once, waking every sleeper whose deadline it passes. */
  advanceBy(ms: number): void {
    this.#now += Math.max(0, ms);
    this.#sleepers.wakeDue(this.#now);
  }

  beginWork(): () => void {
    return this.#idle.beginWork();
  }

  #advance(): void {
    if (this.#idle.busy || this.#sleepers.size === 0) return;
    this.advanceBy(this.#sleepers.earliest() - this.#now);
    this.#idle.schedule();
  }
}
