import { isFatal, isRetriedInPlace, isRetryable, type SyncFailureCode } from './syncFailures.js';

/** The codes an Orders API call fails with; their meaning is in SYNC_FAILURES. */
export type OrdersApiErrorCode = Extract<SyncFailureCode, `ORDERS_API_${string}`>;

/**
 * A failed call to the Orders API. Whether p-retry tries it again inside the activity
 * (`retriedInPlace`), whether a later attempt may help (`retryable`) and whether it dooms every
 * partition (`fatal`) all follow from `code` (see SYNC_FAILURES). Messages are built from status
 * codes and our own words only: never a token, never a body beyond the server's problem title.
 */
export class OrdersApiError extends Error {
  override name = 'OrdersApiError';
  readonly code: OrdersApiErrorCode;
  readonly status: number | undefined;
  /** Server-requested delay before the next attempt (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;
  /** The machine-readable `code` of the server's problem+json, when it sent one. */
  readonly serverCode: string | undefined;

  constructor(
    code: OrdersApiErrorCode,
    message: string,
    options: { status?: number; retryAfterMs?: number; serverCode?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.serverCode = options.serverCode;
  }

  get retryable(): boolean {
    return isRetryable(this.code);
  }

  get retriedInPlace(): boolean {
    return isRetriedInPlace(this.code);
  }

  get fatal(): boolean {
    return isFatal(this.code);
  }
}
