import type { TraceCarrier } from '../../shared/telemetry/traceCarrier.js';
import type { SettingToCheck, SyncFailureCode } from './syncFailures.js';

/**
 * The data that crosses the orchestration boundary. Durable history is stored in plain text, so
 * these carry names, counts and blob paths only: never order data, never a token.
 */

/**
 * What a run asks for. `incremental` (the default) reads each partition's changes since its
 * stored watermark, or everything for a partition never synced; `full` reads everything;
 * `since` reads changes since the instant the request gave and leaves stored watermarks alone.
 */
export type SyncMode = 'incremental' | 'full' | 'since';

/** What a starter (timer or `POST /api/sync`) passes to the sync orchestration. */
export interface SyncRunInput {
  readonly mode: SyncMode;
  /** Partitions to sync; omitted means ask the server's partition listing. */
  readonly partitions?: readonly string[];
  /** With mode `since` only: orders updated at or after this instant (ISO-8601 UTC). */
  readonly since?: string;
  /** Most partition activities in flight at once (from `ORDERS_SYNC_MAX_PARALLEL`). */
  readonly maxParallel: number;
  /** Durable retry policy for partition activities (from settings; the orchestrator reads no settings). */
  readonly activityRetry: ActivityRetry;
  readonly trigger: 'timer' | 'http';
  /** The starter's span (ids only): the run's trace continues it. */
  readonly trace?: TraceCarrier;
}

/** Attempts per partition, spaced exponentially (×2, at most five minutes apart) by durable timers. */
export interface ActivityRetry {
  readonly firstRetryIntervalMs: number;
  readonly maxAttempts: number;
}

/**
 * Input of a partition's sub-orchestration and of each of its chunk activities. No cursor and
 * no order id: chunk progress lives in the sync state (see SyncStateStore).
 */
export interface PartitionTask {
  readonly runId: string;
  readonly partition: string;
  readonly mode: SyncMode;
  readonly since?: string;
  /** The run's span (ids only): each chunk activity's span is its child. */
  readonly trace?: TraceCarrier;
}

/** How a partition was read in a run: `full` also when an incremental run had no usable watermark. */
export type PartitionReadMode = 'full' | 'incremental' | 'since';

/**
 * A failure reported per partition. `retryable`: another attempt later may succeed (outage,
 * exhausted request retries, bad data); `fatal`: it dooms every partition (config or auth).
 * Both come from the code's entry in SYNC_FAILURES (see toSyncFailure), as does
 * `settingToCheck`, the setting most likely to fix it.
 */
export interface SyncFailure {
  readonly code: SyncFailureCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly fatal: boolean;
  readonly settingToCheck?: SettingToCheck;
}

export interface PartitionResult {
  readonly name: string;
  readonly status: 'synced' | 'failed';
  /** Absent when the partition failed before its read began. */
  readonly mode?: PartitionReadMode;
  /** Why an incremental run read this partition in full (first sync, unusable watermark). */
  readonly fullBecause?: string;
  /** Orders fetched and written (after de-duplication against the previous run's overlap). */
  readonly orders: number;
  readonly pages: number;
  /** Durable steps the read took (each at most ORDERS_SYNC_CHUNK_PAGES pages or _SECONDS). */
  readonly chunks: number;
  /** The stored watermark before the run and after it (ISO-8601 UTC; null when none). */
  readonly watermarkBefore?: string | null;
  readonly watermarkAfter?: string | null;
  /** Activity executions this run spent on the partition (durable retries included). */
  readonly attempts: number;
  /** Where the partition's orders were written (a blob path), when synced. */
  readonly blobPath?: string;
  readonly error?: SyncFailure;
}

/** What one partition activity reports; the orchestrator adds the attempt count. */
export type PartitionOutcome = Omit<PartitionResult, 'attempts'>;

/** What one chunk activity reports: more to read, or the partition's final outcome. */
export type ChunkOutcome =
  | {
      readonly status: 'more';
      readonly orders: number;
      readonly pages: number;
      readonly chunks: number;
    }
  | PartitionOutcome;

export interface SyncTotals {
  readonly partitions: number;
  readonly synced: number;
  readonly failed: number;
  readonly orders: number;
  readonly pages: number;
}

/** What the orchestration returns and the run report holds. */
export interface SyncSummary {
  readonly runId: string;
  readonly status: 'completed' | 'completedWithFailures' | 'aborted';
  readonly trigger: SyncRunInput['trigger'];
  readonly mode: SyncMode;
  /** With mode `since`: the instant asked for. */
  readonly since?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly partitions: readonly PartitionResult[];
  readonly totals: SyncTotals;
  /** Set when a fatal failure ended the run early. */
  readonly abortedBecause?: SyncFailure;
  /** The run report blob, once written. */
  readonly reportPath?: string;
  /** The run before this one (from `latest.json` when the report was written), for consumers. */
  readonly previousRunId?: string | null;
  /** The run's span (ids only), so the report activity joins the run's trace. */
  readonly trace?: TraceCarrier;
}

/** Published as custom status while the run works. */
export interface SyncProgress {
  readonly runId: string;
  /** Partitions with a result no later attempt changes; `total` is 0 until the listing is in. */
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  readonly orders: number;
  /** Set while the run waits on a durable timer before another attempt. */
  readonly retry?: SyncRetryWait;
}

/** A durable wait before a later attempt: what for, when, and the failure that caused it. */
export interface SyncRetryWait {
  /** `listing partitions`, or how many partitions are tried again (`2 partitions`). */
  readonly what: string;
  /** The attempt the wait leads to, of `of`. */
  readonly attempt: number;
  readonly of: number;
  /** When it starts (ISO-8601 UTC). */
  readonly at: string;
  readonly failure?: Pick<SyncFailure, 'code' | 'message' | 'settingToCheck'>;
}

/** What the starters know from settings; each run's input starts from it. */
export type SyncRunDefaults = Pick<SyncRunInput, 'maxParallel' | 'partitions' | 'activityRetry'>;
