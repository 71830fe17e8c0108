import type { Logger } from '../../shared/logging/Logger.js';

/** What one fault line carries besides the message; never a token. */
export type FaultLogProperties = Readonly<Record<string, string | number>>;

/**
 * Logs each distinct fault (by `key`) at most once per `intervalMs`, counting the repeats in
 * between and reporting them (`repeats`) with the next line about it. For work that outlives a
 * request (background refreshes) and for failures a hostile caller can repeat at will, where a
 * line per occurrence would let an outage or a flood of forged tokens fill the log.
 */
export class FaultLog {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #seen = new Map<string, { loggedAt: number; repeats: number }>();

  /** @param logger a process-level logger: lines may be written after any request has ended. */
  constructor(logger: Logger, intervalMs: number, now: () => number) {
    this.#logger = logger;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  /**
   * Writes the line unless one about `key` was written less than the interval ago.
   *
   * @param logger where this line goes (a request's own log); default the one this was made with.
   */
  report(
    level: 'warn' | 'error',
    key: string,
    message: string,
    properties: FaultLogProperties,
    logger: Logger = this.#logger,
  ): void {
    const now = this.#now();
    const seen = this.#seen.get(key);
    if (seen !== undefined && now - seen.loggedAt < this.#intervalMs) {
      seen.repeats += 1;
      return;
    }
    const repeats = seen?.repeats ?? 0;
    this.#seen.set(key, { loggedAt: now, repeats: 0 });
    logger[level](message, repeats > 0 ? { ...properties, repeats } : properties);
  }

  /** Forgets every fault, so the next occurrence of any is logged at once (after a recovery). */
  clear(): void {
    this.#seen.clear();
  }
}
