import type { Clock } from '../../../local/host/contracts.js';

/** A clock that moves only when the test says so; sleepers wake when it passes their time. */
export class ManualClock implements Clock {
  #now: number;
  readonly #sleepers = new Set<{ at: number; wake: () => void }>();
  #onSleep: (() => void) | undefined;

  constructor(start: string) {
    this.#now = Date.parse(start);
  }

  now(): number {
    return this.#now;
  }

  sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
    if (at <= this.#now) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const sleeper = {
        at,
        wake: () => {
          this.#sleepers.delete(sleeper);
          resolve();
        },
      };
      this.#sleepers.add(sleeper);
      this.#onSleep?.();
      signal?.addEventListener('abort', () => {
        this.#sleepers.delete(sleeper);
        reject(signal.reason as Error);
      });
    });
  }

  /** Resolves once someone is sleeping on this clock (at once if someone already is). */
  sleeping(): Promise<void> {
    if (this.#sleepers.size > 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onSleep = () => {
        this.#onSleep = undefined;
        resolve();
      };
    });
  }

  /** Moves time to `iso` and wakes every sleeper due by then. */
  advanceTo(iso: string): void {
    this.#now = Date.parse(iso);
    for (const sleeper of [...this.#sleepers]) if (sleeper.at <= this.#now) sleeper.wake();
  }
}
