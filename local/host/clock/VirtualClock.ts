import type { WorkTrackingClock } from './WorkTrackingClock.js';

/** Options of {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Epoch ms the clock starts at. Default: 2026-01-01T00:00:00Z. */
  readonly start?: number;
}

interface Sleeper {
  readonly at: number;
  readonly resolve: () => void;
  readonly cleanup: () => void;
}

/** Event-loop turns to wait before skipping time, so promise chains between two works settle. */
const SETTLE_TURNS = 3;

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
  #busy = 0;
  #checkScheduled = false;
  readonly #sleepers = new Set<Sleeper>();

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
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (at <= this.#now) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.#sleepers.delete(sleeper);
        reject(signal?.reason as Error);
      };
      const sleeper: Sleeper = {
        at,
        resolve,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.add(sleeper);
      this.#scheduleCheck();
    });
  }

  /** Moves time forward by `ms` at once, waking every sleeper whose deadline it passes. */
  advanceBy(ms: number): void {
    this.#now += Math.max(0, ms);
    for (const sleeper of [...this.#sleepers]) {
      if (sleeper.at <= this.#now) {
        this.#sleepers.delete(sleeper);
        sleeper.cleanup();
        sleeper.resolve();
      }
    }
  }

  beginWork(): () => void {
    this.#busy++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#busy--;
      if (this.#busy === 0) this.#scheduleCheck();
    };
  }

  #scheduleCheck(): void {
    if (this.#checkScheduled || this.#sleepers.size === 0) return;
    this.#checkScheduled = true;
    let turns = 0;
    const step = (): void => {
      if (this.#busy > 0) {
        // Work resumed; its end schedules a new check.
        this.#checkScheduled = false;
        return;
      }
      if (++turns < SETTLE_TURNS) {
        setImmediate(step);
        return;
      }
      this.#checkScheduled = false;
      this.#advance();
    };
    setImmediate(step);
  }

  #advance(): void {
    if (this.#busy > 0 || this.#sleepers.size === 0) return;
    let earliest = Infinity;
    for (const sleeper of this.#sleepers) earliest = Math.min(earliest, sleeper.at);
    this.advanceBy(earliest - this.#now);
    this.#scheduleCheck();
  }
}
