interface Sleeper {
  readonly at: number;
  readonly resolve: () => void;
  readonly cleanup: () => void;
}

/**
 * The pending `sleepUntil` deadlines of a virtual clock: each sleeper waits until {@link wakeDue}
 * passes its deadline, or its signal aborts. Shared by `VirtualClock` and `TimeSkippingClock`,
 * which differ only in when they move time.
 */
export class SleeperSet {
  readonly #sleepers = new Set<Sleeper>();
  readonly #onAdded: () => void;

  /** @param onAdded called after a sleeper starts waiting (the clock schedules a skip check). */
  constructor(onAdded: () => void) {
    this.#onAdded = onAdded;
  }

  /** Number of sleepers still waiting. */
  get size(): number {
    return this.#sleepers.size;
  }

  /**
   * Waits until time reaches `at`: rejects at once with the signal's reason when it is already
   * aborted, resolves at once when `at` is not after `now`.
   */
  sleepUntil(at: number, now: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (at <= now) return Promise.resolve();
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
      this.#onAdded();
    });
  }

  /** The earliest pending deadline; `Infinity` when none waits. */
  earliest(): number {
    let earliest = Infinity;
    for (const sleeper of this.#sleepers) earliest = Math.min(earliest, sleeper.at);
    return earliest;
  }

  /** Wakes every sleeper whose deadline is at or before `now`. */
  wakeDue(now: number): void {
    for (const sleeper of [...this.#sleepers]) {
      if (sleeper.at <= now) {
        this.#sleepers.delete(sleeper);
        sleeper.cleanup();
        sleeper.resolve();
      }
    }
  }
}
