/**
 * A table operation failed for a reason other than a transaction's precondition: the table is
 * missing (`status` 404, `code` "TableNotFound"), the request is malformed (400), the service is
 * throttling or down (429, 5xx) or unreachable (`status` undefined, `code` such as
 * "ECONNREFUSED"). The store turns it into an {@link OrdersStoreError}.
 */
export class TableRequestError extends Error {
  override name = 'TableRequestError';
  /** HTTP status, or undefined when no response came back. */
  readonly status: number | undefined;
  /** The service's error code, or the network error's code. */
  readonly code: string;

  constructor(
    message: string,
    options: { status: number | undefined; code: string; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
  }
}

/** The code the Table service answers for an operation on a table that does not exist. */
export const TABLE_NOT_FOUND = 'TableNotFound';
