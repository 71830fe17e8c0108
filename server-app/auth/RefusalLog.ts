import type { Logger } from '../../shared/logging/Logger.js';
import type { AuthFailure, AuthFailureCode } from './AuthFailure.js';
import { authFailureResponse } from './authFailureResponse.js';
import type { RefusalLogProperties, RefusedOutcome } from './CachedRefusal.js';
import { FaultLog } from './FaultLog.js';

/**
 * Turns refusals into their responses and log lines, so that refusing stays cheap:
 *
 * - `internal` (a bug): an error line each time.
 * - `insufficient_scope` (a genuine token, first sight): a warn line each time; repeats of the
 *   same token are then served and rate-limited by {@link CachedRefusal}.
 * - `credentials_required`, `invalid_request`, `invalid_token`: anyone can send these at will,
 *   a fresh forged token per request, so a line each would let a flood fill the log and pay a
 *   write per request. The first of each code is logged at once, then at most one line per code
 *   per interval, with `repeats`.
 * - `unavailable`: nothing here; the key store logged the fault where it happened.
 *
 * Outcomes are frozen and, but for 503s (whose Retry-After varies), built once per code.
 */
export class RefusalLog {
  readonly #logger: Logger;
  readonly #repeatable: FaultLog;
  readonly #constant = new Map<AuthFailureCode, RefusedOutcome>();

  /** @param intervalMs least time between two lines about refusals of one repeatable code. */
  constructor(logger: Logger, intervalMs: number, now: () => number) {
    this.#logger = logger;
    this.#repeatable = new FaultLog(logger, intervalMs, now);
  }

  /**
   * Logs the refusal as its kind says and returns its complete response.
   *
   * @param logger the request's own log; default the logger this was made with.
   */
  refuse(
    failure: AuthFailure,
    properties: RefusalLogProperties,
    logger: Logger = this.#logger,
  ): RefusedOutcome {
    switch (failure.kind) {
      case 'internal':
        logger.error('Bearer token could not be validated', properties);
        break;
      case 'insufficient_scope':
        logger.warn('Bearer token refused', properties);
        break;
      case 'unavailable':
        return freeze(failure.code, authFailureResponse(failure));
      default:
        this.#repeatable.report('warn', failure.code, 'Bearer token refused', properties, logger);
    }
    let outcome = this.#constant.get(failure.code);
    if (outcome === undefined) {
      outcome = freeze(failure.code, authFailureResponse(failure));
      this.#constant.set(failure.code, outcome);
    }
    return outcome;
  }
}

// Frozen: one outcome is served to many requests.
function freeze(
  code: AuthFailureCode,
  response: ReturnType<typeof authFailureResponse>,
): RefusedOutcome {
  Object.freeze(response.headers);
  return Object.freeze({ ok: false, code, response: Object.freeze(response) });
}
