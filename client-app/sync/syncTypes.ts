/**
 * The data that crosses the orchestration boundary. Durable history is stored in plain text, so
 * these carry names, counts and blob paths only: never order data, never a token.
 */

/** What a starter (timer or `POST /api/sync`) passes to the sync orchestration. */
export interface SyncRunInput {
  /** Partitions to sync; omitted means ask the server's partition listing. */
  readonly partitions?: readonly string[];
  /** Only orders updated at or after this instant (ISO-8601 UTC). */
  readonly since?: string;
  /** Most partition activities in flight at once (from `ORDERS_SYNC_MAX_PARALLEL`). */
  readonly maxParallel: number;
  /** Durable retry policy for partition activities (from settings; the orchestrator reads no settings). */
  readonly activityRetry: ActivityRetry;
  readonly trigger: 'timer' | 'http';
}

/** Attempts per partition, spaced exponentially (×2, at most five minutes apart) by durable timers. */
export interface ActivityRetry {
  readonly firstRetryIntervalMs: number;
  readonly maxAttempts: number;
}

/** Input of one partition activity. */
export interface PartitionTask {
  readonly runId: string;
  readonly partition: string;
  readonly since?: string;
}

/**
 * A failure reported per partition. `retryable`: another attempt later may succeed (outage,
 * exhausted request retries, bad data); `fatal`: it dooms every partition (config or auth).
 */
export interface SyncFailure {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly fatal: boolean;
}

export interface PartitionResult {
  readonly name: string;
  readonly status: 'synced' | 'failed';
  readonly orders: number;
  readonly pages: number;
  /** Activity executions this run spent on the partition (durable retries included). */
  readonly attempts: number;
  /** Where the partition's orders were written (a blob path), when synced. */
  readonly blobPath?: string;
  readonly error?: SyncFailure;
}

/** What one partition activity reports; the orchestrator adds the attempt count. */
export type PartitionOutcome = Omit<PartitionResult, 'attempts'>;

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
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly partitions: readonly PartitionResult[];
  readonly totals: SyncTotals;
  /** Set when a fatal failure ended the run early. */
  readonly abortedBecause?: SyncFailure;
  /** The run report blob, once written. */
  readonly reportPath?: string;
}

/** Published as custom status while the run works. */
export interface SyncProgress {
  readonly runId: string;
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  readonly orders: number;
}

/** What the starters know from settings; each run's input starts from it. */
export type SyncRunDefaults = Pick<SyncRunInput, 'maxParallel' | 'partitions' | 'activityRetry'>;
