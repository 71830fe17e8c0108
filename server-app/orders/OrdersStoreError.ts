/**
 * The orders table could not be read or written. `transient` says whether retrying later can
 * help (network, throttling, 5xx); the HTTP edge maps it to 503 with Retry-After, else 500.
 * The message is for logs only: it may name the table, never a key or the service's raw reply.
 */
export class OrdersStoreError extends Error {
  readonly code = 'ERR_ORDERS_STORE';
  override name = 'OrdersStoreError';
  readonly transient: boolean;

  constructor(message: string, options: { transient: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.transient = options.transient;
  }
}
