import type { Logger } from '../../shared/logging/Logger.js';
import type { AuthFailure } from './AuthFailure.js';
import { FaultLog } from './FaultLog.js';

/**
 * The key store's log: each identity-provider fault once per interval (error while no key set
 * was ever loaded, warn while the last known good one serves), and one line when it recovers.
 */
export class IssuerFaultLog {
  readonly #logger: Logger;
  readonly #faults: FaultLog;

  /** @param logger process-level: refreshes log after the request that began them has ended. */
  constructor(logger: Logger, intervalMs: number, now: () => number) {
    this.#logger = logger;
    this.#faults = new FaultLog(logger, intervalMs, now);
  }

  /** @param keysAgeMs how old the keys in use are; undefined when there are none. */
  fault(failure: AuthFailure, keysAgeMs: number | undefined, retryAfterSeconds: number): void {
    const key = `${failure.code} ${failure.message}`;
    const properties = { code: failure.code, reason: failure.message };
    if (keysAgeMs === undefined) {
      this.#faults.report(
        'error',
        key,
        'Identity provider fault; no signing keys yet, answering 503',
        {
          ...properties,
          retryAfterSeconds,
        },
      );
    } else {
      this.#faults.report(
        'warn',
        key,
        'Identity provider fault; validating with the last known good signing keys',
        { ...properties, keysAgeSeconds: Math.floor(keysAgeMs / 1000) },
      );
    }
  }

  /** After a fault, the first good load: said once, and the next fault is logged at once. */
  recovered(after: AuthFailure): void {
    this.#logger.info('Identity provider answers again; signing keys refreshed', {
      code: after.code,
    });
    this.#faults.clear();
  }
}
