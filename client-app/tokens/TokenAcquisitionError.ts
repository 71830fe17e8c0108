import { isFatal, isRetryable, type SyncFailureCode } from '../sync/syncFailures.js';

/**
 * Stable codes of {@link TokenAcquisitionError}; each names one thing to fix. What each means,
 * whether it is retryable and the setting to check are in SYNC_FAILURES.
 */
export type TokenAcquisitionErrorCode = Extract<SyncFailureCode, `ERR_TOKEN_${string}`>;

/**
 * A token could not be acquired. The message names the setting or the directory change that
 * fixes it and carries the service's error code (e.g. AADSTS7000215), never a token or secret.
 * `retryable` (trying again later can help: outages) and `fatal` (no partition can succeed:
 * configuration) follow from `code`.
 */
export class TokenAcquisitionError extends Error {
  override name = 'TokenAcquisitionError';
  readonly code: TokenAcquisitionErrorCode;
  /** HTTP status of the identity service's answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    code: TokenAcquisitionErrorCode,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }

  get fatal(): boolean {
    return isFatal(this.code);
  }
}
