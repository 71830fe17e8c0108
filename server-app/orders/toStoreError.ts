import { TABLE_NOT_FOUND, TableRequestError } from './table/TableRequestError.js';
import { OrdersStoreError } from './OrdersStoreError.js';

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/**
 * A table failure as the store reports it: a missing table names the fix, and `transient` says
 * whether retrying can help. Messages name the table and the service's code, never a key.
 */
export function toStoreError(error: unknown, action: string, tableName: string): Error {
  if (error instanceof OrdersStoreError) return error;
  if (error instanceof TableRequestError) {
    if (error.status === 404 && error.code === TABLE_NOT_FOUND) {
      return new OrdersStoreError(
        `Table "${tableName}" does not exist (could not ${action}): run "npm run seed" locally, or provision it`,
        { transient: false, cause: error },
      );
    }
    const transient = error.status === undefined || TRANSIENT_STATUS.has(error.status);
    return new OrdersStoreError(
      `Table "${tableName}": could not ${action}: ${error.code} (${error.status === undefined ? 'no HTTP response' : `HTTP ${error.status}`})`,
      { transient, cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new OrdersStoreError(`Table "${tableName}": could not ${action}: ${message}`, {
    transient: false,
    cause: error,
  });
}
