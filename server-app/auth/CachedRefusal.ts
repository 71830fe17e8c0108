import type { Logger } from '../../shared/logging/Logger.js';
import type { AuthOutcome } from './RequestAuthenticator.js';

/** A refusal's outcome: the complete response to send. */
export type RefusedOutcome = Extract<AuthOutcome, { readonly ok: false }>;

/** What a refusal's log line carries: reason code, operator message, token fingerprint. */
export type RefusalLogProperties = Readonly<Record<string, string>>;

/** Least time between two log lines about the same cached refusal, ms. */
export const REPEAT_LOG_INTERVAL_MS = 60_000;

/**
 * A genuine token's 403, kept by token hash so that a caller retrying a forbidden request costs
 * a lookup instead of a signature verification.
 *
 * Logging: the refusal is logged (warn) when first decided, before it is cached. Repeats served
 * from here are counted, and at most one warn line per token per {@link REPEAT_LOG_INTERVAL_MS}
 * reports them (`repeats`: how many since the previous line). Rate-limiting rather than a debug
 * level, because the Logger has none and an operator still needs to see that a misconfigured
 * caller keeps trying; a client looping on its 403 can no longer fill the log or pay a log
 * write per request. Repeats not yet reported when the entry expires or is evicted are dropped.
 */
export class CachedRefusal {
  /** The same frozen outcome the uncached path returned. */
  readonly outcome: RefusedOutcome;
  readonly #logProperties: RefusalLogProperties;
  #lastLoggedAt: number;
  #unlogged = 0;

  /** @param loggedAt when the first line about this refusal was written (ms). */
  constructor(outcome: RefusedOutcome, logProperties: RefusalLogProperties, loggedAt: number) {
    this.outcome = outcome;
    this.#logProperties = logProperties;
    this.#lastLoggedAt = loggedAt;
  }

  /** Counts one more refusal at `now` (ms), logs a summary if one is due, returns the outcome. */
  serve(now: number, logger: Logger): RefusedOutcome {
    this.#unlogged += 1;
    if (now - this.#lastLoggedAt >= REPEAT_LOG_INTERVAL_MS) {
      logger.warn('Bearer token refused again', {
        ...this.#logProperties,
        repeats: this.#unlogged,
      });
      this.#lastLoggedAt = now;
      this.#unlogged = 0;
    }
    return this.outcome;
  }
}
