import type { ActivityRetry } from './syncTypes.js';

/** The longest wait between two attempts at a partition. */
export const MAX_RETRY_INTERVAL_MS = 5 * 60_000;

/** Wait before attempt `attempt + 1`: first × 2^(attempt − 1), capped. */
export function retryDelayMs(retry: ActivityRetry, attempt: number): number {
  return Math.min(retry.firstRetryIntervalMs * 2 ** (attempt - 1), MAX_RETRY_INTERVAL_MS);
}
