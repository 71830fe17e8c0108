import type { WorkTrackingClock } from '../host/clock/WorkTrackingClock.js';

/** Options of {@link TimeSkippingClock}. */
export interface TimeSkippingClockOptions {
  /**
   * Where virtual time starts, epoch ms or a Date. Default: the wall clock when the clock is
   * made, so certificates and storage emulators that check real time still agree.
   */
  readonly start?: number | Date;
}

interface Sleeper {
  readonly at: number;
  readonly resolve: () => void;
  readonly cleanup: () => void;
}

interface Skip {
  /** Time stops here; `Infinity` for a skip that lasts until its promise settles. */
  readonly until: number;
  readonly done: () => void;
}

/** Event-loop turns to wait before skipping, so promise chains between two pieces of work settle. */
const SETTLE_TURNS = 3;

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
  #busy = 0;
  #checkScheduled = false;
  readonly #sleepers = new Set<Sleeper>();
  readonly #skips = new Set<Skip>();

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
      this.#scheduleCheck();
    });
  }

  /**
   * Lets time skip, from deadline to deadline, until `work` settles; resolves or rejects as it
   * does. What `TestHost.waitForCompletion` uses to wait for an orchestration.
   */
  async whileSkipping<T>(work: Promise<T>): Promise<T> {
    const skip: Skip = { until: Infinity, done: () => this.#skips.delete(skip) };
    this.#skips.add(skip);
    this.#scheduleCheck();
    try {
      return await work;
    } finally {
      skip.done();
    }
  }

  #scheduleCheck(): void {
    if (this.#checkScheduled || this.#skips.size === 0) return;
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
    if (this.#busy > 0 || this.#skips.size === 0) return;
    let limit = Infinity;
    for (const skip of this.#skips) limit = Math.min(limit, skip.until);
    let earliest = Infinity;
    for (const sleeper of this.#sleepers) earliest = Math.min(earliest, sleeper.at);
    if (earliest <= limit) {
      this.#now = Math.max(this.#now, earliest);
      for (const sleeper of [...this.#sleepers]) {
        if (sleeper.at <= this.#now) {
          this.#sleepers.delete(sleeper);
          sleeper.cleanup();
          sleeper.resolve();
        }
      }
      this.#scheduleCheck();
      return;
    }
    if (limit === Infinity) return; // nothing due: the awaited work waits on something else
    this.#now = Math.max(this.#now, limit);
    for (const skip of [...this.#skips]) if (skip.until <= this.#now) skip.done();
    this.#scheduleCheck();
  }
}
