import { z } from 'zod';

import { readSettings, type SettingsSource } from '../../shared/config/readSettings.js';
import { commaList, positiveInt } from '../../shared/config/settingSchemas.js';

/** Every six hours at minute 0, second 0 (NCRONTAB, UTC). */
export const DEFAULT_SYNC_SCHEDULE = '0 0 */6 * * *';
export const SYNC_SCHEDULE_SETTING = 'ORDERS_SYNC_SCHEDULE';

export interface SyncSettings {
  /** The server app's origin (and optional base path), without a trailing slash. */
  readonly apiBaseUrl: string;
  readonly maxParallel: number;
  /** Partitions from configuration; empty means ask the server. */
  readonly partitions: readonly string[];
  readonly pageSize: number;
  readonly requestTimeoutMs: number;
  /** Time one request may spend in transient retries (incl. Retry-After waits). */
  readonly retryBudgetMs: number;
  readonly container: string;
}

const schema = z.object({
  ORDERS_API_BASE_URL: z
    .url({
      protocol: /^https?$/,
      error: 'required: the Orders API base URL, e.g. https://<server-app>.azurewebsites.net',
    })
    .transform((value) => value.replace(/\/+$/, '')),
  ORDERS_SYNC_MAX_PARALLEL: positiveInt('the most partitions synced at once', 8, 64),
  ORDERS_SYNC_PARTITIONS: commaList(
    z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must list partition names like emea,amer-east'),
  ),
  ORDERS_SYNC_PAGE_SIZE: positiveInt('orders per page requested from the server', 500, 1000),
  ORDERS_API_TIMEOUT_MS: positiveInt('the timeout of one request in milliseconds', 10_000, 120_000),
  ORDERS_API_RETRY_BUDGET_MS: positiveInt(
    'the time one request may spend retrying, in milliseconds',
    60_000,
    600_000,
  ),
  ORDERS_SYNC_CONTAINER: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a blob container name')
    .default('orders-sync'),
});

/** @throws {ConfigurationError} naming every missing or malformed setting. */
export function readSyncSettings(source: SettingsSource): SyncSettings {
  const s = readSettings(schema, source);
  return Object.freeze({
    apiBaseUrl: s.ORDERS_API_BASE_URL,
    maxParallel: s.ORDERS_SYNC_MAX_PARALLEL,
    partitions: Object.freeze([...s.ORDERS_SYNC_PARTITIONS]),
    pageSize: s.ORDERS_SYNC_PAGE_SIZE,
    requestTimeoutMs: s.ORDERS_API_TIMEOUT_MS,
    retryBudgetMs: s.ORDERS_API_RETRY_BUDGET_MS,
    container: s.ORDERS_SYNC_CONTAINER,
  });
}
