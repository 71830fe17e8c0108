/**
 * A failed call to the Orders API. `retryable` drives p-retry inside the activity; `fatal` marks
 * failures that doom every partition (the token is rejected), so the run ends early.
 * Messages are built from status codes and our own words only: never a token, never a body
 * beyond the server's problem title.
 */
export class OrdersApiError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly fatal: boolean;
  /** Server-requested delay before the next attempt (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      retryable: boolean;
      fatal?: boolean;
      retryAfterMs?: number;
      cause?: unknown;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrdersApiError';
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable;
    this.fatal = options.fatal ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}
