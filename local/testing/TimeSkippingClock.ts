import { IdleCheck } from '../host/clock/IdleCheck.js';
import { SleeperSet } from '../host/clock/SleeperSet.js';
import type { WorkTrackingClock } from '../host/clock/WorkTrackingClock.js';

/** Options of {@link TimeSkippingClock}. */
export interface TimeSkippingClockOptions {
  /**
   * Where virtual time starts, epoch ms or a Date. Default: the wall clock when the clock is
   * made, so certificates and storage emulators that check real time still agree.
   */
  readonly start?: number | Date;
}

interface Skip {
  /** Time stops here; `Infinity` for a skip that lasts until its promise settles. */
  readonly until: number;
  readonly done: () => void;
}

/**
 * Virtual time for tests, in the manner of Temporal's time-skipping test environment: time stands
 * still until the test asks it to move ({@link skip}, {@link skipTo}, or {@link whileSkipping},
 * which `TestHost.waitForCompletion` uses). While it moves, whenever no work is in flight (the
 * durable engine, invocations and HTTP requests mark theirs with {@link beginWork}), `now()` jumps
 * to the earliest pending `sleepUntil` deadline and those sleepers wake: a 24-hour durable timer
 * takes milliseconds, and every timestamp agrees with the skipped time. Deadlines are visited one
 * at a time, in order, each one's work settling before the next jump.
 */
export class TimeSkippingClock implements WorkTrackingClock {
  #now: number;
  readonly #skips = new Set<Skip>();
  readonly #idle = new IdleCheck(
    () => this.#skips.size > 0,
    () => this.#advance(),
  );
  readonly #sleepers = new SleeperSet(() => this.#idle.schedule());

  constructor(options: TimeSkippingClockOptions = {}) {
    const start = options.start ?? Date.now();
    this.#now = typeof start === 'number' ? start : start.getTime();
    if (!Number.isFinite(this.#now)) {
      throw new TypeError('"start" option must be a finite epoch-ms number or a valid Date');
    }
  }

  now(): number {
    return this.#now;
  }

  /** Deadlines still waited for (durable timers, retry back-offs, timer triggers). */
  get pendingTimers(): number {
    return this.#sleepers.size;
  }

  sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    return this.#sleepers.sleepUntil(at, this.#now, signal);
  }

  beginWork(): () => void {
    return this.#idle.beginWork();
  }

  /**
   * Moves time forward by `ms`, waking every deadline on the way in order and letting the work
   * each one starts finish first. Resolves once time has reached the target and nothing runs.
   *
   * @throws {TypeError} when `ms` is negative or not finite.
   */
  skip(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new TypeError('"ms" must be a finite, non-negative number of milliseconds');
    }
    return this.skipTo(this.#now + ms);
  }

  /** As {@link skip}, to an instant (epoch ms or Date); an instant already past resolves at once. */
  skipTo(at: number | Date): Promise<void> {
    const until = typeof at === 'number' ? at : at.getTime();
    if (Number.isNaN(until)) throw new TypeError('"at" must be a valid instant');
    if (until <= this.#now) return Promise.resolve();
    return new Promise((resolve) => {
      const skip: Skip = {
        until,
        done: () => {
          this.#skips.delete(skip);
          resolve();
        },
      };
      this.#skips.add(skip);
      this.#idle.schedule();
    });
  }

  /**
   * Lets time skip, from deadline to deadline, until `work` settles; resolves or rejects as it
   * does. What `TestHost.waitForCompletion` uses to wait for an orchestration.
   */
  async whileSkipping<T>(work: Promise<T>): Promise<T> {
    const skip: Skip = { until: Infinity, done: () => this.#skips.delete(skip) };
    this.#skips.add(skip);
    this.#idle.schedule();
    try {
      return await work;
    } finally {
      skip.done();
    }
  }

  #advance(): void {
    if (this.#idle.busy || this.#skips.size === 0) return;
    let limit = Infinity;
    for (const skip of this.#skips) limit = Math.min(limit, skip.until);
    const earliest = this.#sleepers.earliest();
    if (earliest <= limit) {
      this.#now = Math.max(this.#now, earliest);
      this.#sleepers.wakeDue(this.#now);
      this.#idle.schedule();
      return;
    }
    if (limit === Infinity) return; // nothing due: the awaited work waits on something else
    this.#now = Math.max(this.#now, limit);
    for (const skip of [...this.#skips]) if (skip.until <= this.#now) skip.done();
    this.#idle.schedule();
  }
}
