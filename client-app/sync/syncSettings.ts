import { z } from 'zod';

import { readSettings, type SettingsSource } from '../../shared/config/readSettings.js';
import { commaList, positiveInt } from '../../shared/config/settingSchemas.js';
import type { ActivityRetry } from './syncTypes.js';

export interface ChunkLimits {
  readonly pages: number;
  readonly seconds: number;
}

/** The app settings the sync reads. Infra and local.settings.json use these exact names. */
export const SYNC_SETTINGS = {
  apiBaseUrl: 'ORDERS_API_BASE_URL',
  schedule: 'ORDERS_SYNC_SCHEDULE',
  maxParallel: 'ORDERS_SYNC_MAX_PARALLEL',
  partitions: 'ORDERS_SYNC_PARTITIONS',
  pageSize: 'ORDERS_SYNC_PAGE_SIZE',
  requestTimeoutMs: 'ORDERS_API_TIMEOUT_MS',
  retryBudgetMs: 'ORDERS_API_RETRY_BUDGET_MS',
  container: 'ORDERS_SYNC_CONTAINER',
  activityRetryFirstIntervalMs: 'ORDERS_SYNC_RETRY_FIRST_INTERVAL_MS',
  activityAttempts: 'ORDERS_SYNC_ATTEMPTS',
  chunkPages: 'ORDERS_SYNC_CHUNK_PAGES',
  chunkSeconds: 'ORDERS_SYNC_CHUNK_SECONDS',
  overlapMs: 'ORDERS_SYNC_OVERLAP_MS',
} as const;

/** Every six hours at minute 0, second 0 (NCRONTAB, UTC); used when ORDERS_SYNC_SCHEDULE is unset. */
export const DEFAULT_SYNC_SCHEDULE = '0 0 */6 * * *';

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
  /** Durable retry of a partition whose activity failed (after its own request retries). */
  readonly activityRetry: ActivityRetry;
  /** One durable step of a partition's read: at most this many pages, or this long. */
  readonly chunk: ChunkLimits;
  /** How far before its watermark an incremental read starts again (late commits, clock skew). */
  readonly overlapMs: number;
  /** The timer's schedule as the host must see it: a `%ORDERS_SYNC_SCHEDULE%` reference or the default. */
  readonly timerSchedule: string;
}

const S = SYNC_SETTINGS;

const schema = z.object({
  [S.apiBaseUrl]: z
    .url({
      protocol: /^https?$/,
      error: 'required: the Orders API base URL, e.g. https://<server-app>.azurewebsites.net',
    })
    // The bearer token travels with every request: plain http only where it cannot leave the host.
    .refine((value) => value.startsWith('https:') || isLoopback(new URL(value).hostname), {
      message:
        'must use https: the bearer token would travel in cleartext (http is allowed only for a loopback host: 127.0.0.0/8, ::1, localhost)',
    })
    .transform((value) => value.replace(/\/+$/, '')),
  [S.maxParallel]: positiveInt('the most partitions synced at once', 8, 64),
  [S.partitions]: commaList(
    z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must list partition names like emea,amer-east'),
  ),
  [S.pageSize]: positiveInt('orders per page requested from the server', 500, 1000),
  [S.requestTimeoutMs]: positiveInt('the timeout of one request in milliseconds', 10_000, 120_000),
  [S.retryBudgetMs]: positiveInt(
    'the time one request may spend retrying, in milliseconds',
    60_000,
    600_000,
  ),
  [S.container]: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a blob container name')
    .default('orders-sync'),
  [S.activityRetryFirstIntervalMs]: positiveInt(
    'the wait before a failed partition is retried, in milliseconds',
    15_000,
    3_600_000,
  ),
  [S.activityAttempts]: positiveInt('the attempts per partition', 3, 10),
  [S.chunkPages]: positiveInt('the most pages one durable step of a partition reads', 50, 10_000),
  // Far below Flex Consumption's 30-minute default execution limit, whatever the page rate.
  [S.chunkSeconds]: positiveInt(
    'the longest one durable step of a partition reads, in seconds',
    120,
    1_800,
  ),
  [S.overlapMs]: positiveInt(
    'how far before its watermark an incremental read starts again, in milliseconds',
    120_000,
    86_400_000,
  ),
});

/** 127.0.0.0/8, ::1 and localhost: names that cannot leave the machine. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    // An IPv4-mapped loopback address, as WHATWG URL writes it (::ffff:7f00:1).
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}

/** @throws {ConfigurationError} naming every missing or malformed setting. */
export function readSyncSettings(source: SettingsSource): SyncSettings {
  const s = readSettings(schema, source);
  return Object.freeze({
    apiBaseUrl: s[S.apiBaseUrl],
    maxParallel: s[S.maxParallel],
    partitions: Object.freeze([...s[S.partitions]]),
    pageSize: s[S.pageSize],
    requestTimeoutMs: s[S.requestTimeoutMs],
    retryBudgetMs: s[S.retryBudgetMs],
    container: s[S.container],
    activityRetry: {
      firstRetryIntervalMs: s[S.activityRetryFirstIntervalMs],
      maxAttempts: s[S.activityAttempts],
    },
    chunk: { pages: s[S.chunkPages], seconds: s[S.chunkSeconds] },
    overlapMs: s[S.overlapMs],
    // NCRONTAB is validated by the host that schedules it (Functions or the local host).
    timerSchedule: source[S.schedule]?.trim() ? `%${S.schedule}%` : DEFAULT_SYNC_SCHEDULE,
  });
}
