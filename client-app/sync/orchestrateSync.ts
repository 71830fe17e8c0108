import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';

import { SYNC_ACTIVITIES } from './syncNames.js';
import type {
  ActivityRetry,
  PartitionResult,
  PartitionTask,
  SyncFailure,
  SyncProgress,
  SyncRunInput,
  SyncSummary,
} from './syncTypes.js';

/**
 * Durable retry for partition activities: an activity throws only after its own transient
 * retries are spent (server down, persistent 5xx, bad data), so these attempts are spaced widely.
 */
export function partitionRetryOptions(retry: ActivityRetry): df.RetryOptions {
  const options = new df.RetryOptions(retry.firstRetryIntervalMs, retry.maxAttempts);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 5 * 60_000;
  return options;
}

/** Result of the partition-listing activity; a permanent failure is a value, not a throw. */
export type ListPartitionsResult =
  | { readonly ok: true; readonly partitions: readonly string[] }
  | { readonly ok: false; readonly error: SyncFailure };

/**
 * The sync orchestration. Deterministic: no I/O, clock or randomness here — time comes from
 * `currentUtcDateTime`, ids from `newGuid`, everything else from activities.
 */
export function* orchestrateSync(
  context: OrchestrationContext,
): Generator<Task, SyncSummary, unknown> {
  const input = context.df.getInput<SyncRunInput>();
  const startedAt = context.df.currentUtcDateTime.toISOString();
  const runId = `${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${context.df
    .newGuid(context.df.instanceId)
    .slice(0, 8)}`;
  const retry = partitionRetryOptions(input.activityRetry);

  let partitions: readonly string[];
  let abortedBecause: SyncFailure | undefined;
  if (input.partitions && input.partitions.length > 0) {
    partitions = input.partitions;
  } else {
    const listed = yield* listPartitions(context, retry, runId);
    partitions = listed.ok ? listed.partitions : [];
    if (!listed.ok) abortedBecause = listed.error;
  }

  const results = new Map<string, PartitionResult>();
  const queue = [...partitions];
  const inFlight: { partition: string; task: Task }[] = [];
  while ((queue.length > 0 && !abortedBecause) || inFlight.length > 0) {
    while (!abortedBecause && queue.length > 0 && inFlight.length < input.maxParallel) {
      const partition = queue.shift() as string;
      const task: PartitionTask = {
        runId,
        partition,
        ...(input.since ? { since: input.since } : {}),
      };
      inFlight.push({
        partition,
        task: context.df.callActivityWithRetry(SYNC_ACTIVITIES.syncPartition, retry, task),
      });
    }
    const winner = (yield context.df.Task.any(inFlight.map((f) => f.task))) as Task;
    const index = inFlight.findIndex((f) => f.task === winner);
    const [finished] = inFlight.splice(index, 1);
    if (!finished) throw new Error('Task.any returned a task that was not in flight');
    const result = winner.isFaulted
      ? exhaustedResult(finished.partition, winner.result)
      : (winner.result as PartitionResult);
    results.set(finished.partition, result);
    if (result.error?.fatal && !abortedBecause) abortedBecause = result.error;
    context.df.setCustomStatus(progressOf(runId, partitions.length, results));
  }

  for (const partition of queue) {
    results.set(partition, notAttempted(partition, abortedBecause));
  }

  const ordered = partitions.map((p) => results.get(p) as PartitionResult);
  const summary: SyncSummary = {
    runId,
    status: abortedBecause
      ? 'aborted'
      : ordered.some((r) => r.status === 'failed')
        ? 'completedWithFailures'
        : 'completed',
    trigger: input.trigger,
    startedAt,
    finishedAt: context.df.currentUtcDateTime.toISOString(),
    partitions: ordered,
    totals: {
      partitions: ordered.length,
      synced: ordered.filter((r) => r.status === 'synced').length,
      failed: ordered.filter((r) => r.status === 'failed').length,
      orders: ordered.reduce((sum, r) => sum + r.orders, 0),
      pages: ordered.reduce((sum, r) => sum + r.pages, 0),
    },
    ...(abortedBecause ? { abortedBecause } : {}),
  };
  const reportPath = (yield context.df.callActivityWithRetry(
    SYNC_ACTIVITIES.writeRunReport,
    retry,
    summary,
  )) as string;
  if (abortedBecause) {
    // A failed instance is what operators alert on; the report blob keeps the per-partition detail.
    throw new Error(`Sync ${runId} aborted: ${abortedBecause.message} (report: ${reportPath})`);
  }
  return { ...summary, reportPath };
}

function* listPartitions(
  context: OrchestrationContext,
  retry: df.RetryOptions,
  runId: string,
): Generator<Task, ListPartitionsResult, unknown> {
  try {
    return (yield context.df.callActivityWithRetry(SYNC_ACTIVITIES.listPartitions, retry, {
      runId,
    })) as ListPartitionsResult;
  } catch (error) {
    return {
      ok: false,
      error: {
        code: 'PARTITION_LISTING_FAILED',
        message: `the partition listing failed after retries: ${messageOf(error)}`,
        fatal: true,
      },
    };
  }
}

function exhaustedResult(partition: string, error: unknown): PartitionResult {
  return {
    name: partition,
    status: 'failed',
    orders: 0,
    pages: 0,
    error: { code: 'RETRIES_EXHAUSTED', message: messageOf(error), fatal: false },
  };
}

function notAttempted(partition: string, cause: SyncFailure | undefined): PartitionResult {
  return {
    name: partition,
    status: 'failed',
    orders: 0,
    pages: 0,
    error: {
      code: 'NOT_ATTEMPTED',
      message: `not attempted: the run was aborted (${cause?.code ?? 'unknown'})`,
      fatal: false,
    },
  };
}

function progressOf(
  runId: string,
  total: number,
  results: ReadonlyMap<string, PartitionResult>,
): SyncProgress {
  let failed = 0;
  let orders = 0;
  for (const r of results.values()) {
    if (r.status === 'failed') failed += 1;
    orders += r.orders;
  }
  return { runId, done: results.size, total, failed, orders };
}

/** Activity failure messages are ours (no tokens, no order data); cap them to keep history small. */
function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
