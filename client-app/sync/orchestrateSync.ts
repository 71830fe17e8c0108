import type { OrchestrationContext, Task } from 'durable-functions';
import * as df from 'durable-functions';

import { recordRunTelemetry } from './recordRunTelemetry.js';
import { retryDelayMs } from './retryDelay.js';
import { runTraceOf, type RunTrace } from './runTrace.js';
import { runInWindow } from './runInWindow.js';
import { settleAll, type Settled } from './settleAll.js';
import { describeSetting, toSyncFailure } from './syncFailures.js';
import { SYNC_ACTIVITIES, SYNC_PARTITION_ORCHESTRATION } from './syncNames.js';
import type {
  ChunkOutcome,
  PartitionResult,
  PartitionTask,
  SyncFailure,
  SyncProgress,
  SyncRetryWait,
  SyncRunInput,
  SyncSummary,
} from './syncTypes.js';
import { unexpectedFailure } from './unexpectedFailure.js';

/** Result of the partition-listing activity; failures are values, never throws. */
export type ListPartitionsResult =
  | { readonly ok: true; readonly partitions: readonly string[] }
  | { readonly ok: false; readonly error: SyncFailure };

/**
 * The sync orchestration. Deterministic: no I/O, clock or randomness here — time comes from
 * `currentUtcDateTime`, ids from `newGuid`, everything else from activities.
 *
 * At most `maxParallel` partitions are synced at once, a freed slot going to the next partition
 * (see runInWindow): each partition's first chunk activity from here, and a partition with more
 * to read goes on in a sub-orchestration of its own, chunk by chunk, so this history grows with
 * partitions, not pages. Failures are values; retryable failures are
 * tried again in a later pass after a durable timer, up to `activityRetry.maxAttempts`; a fatal
 * one (the token is refused) starts no more partitions and ends the run once those in flight
 * are reported.
 */
export function* orchestrateSync(
  context: OrchestrationContext,
): Generator<Task, SyncSummary, unknown> {
  const input = context.df.getInput<SyncRunInput>();
  const startedAt = context.df.currentUtcDateTime.toISOString();
  const runId = `${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${context.df
    .newGuid(context.df.instanceId)
    .slice(0, 8)}`;
  const runTrace = runTraceOf(context, input.trace);

  let abortedBecause: SyncFailure | undefined;
  const requested = input.partitions ?? [];
  // Listed even when partitions are named: a name the server does not know is a mistake to
  // report, not a partition that "synced 0 orders".
  const listed = yield* listPartitions(context, input, runId, runTrace);
  if (!listed.ok) abortedBecause = listed.error;
  const known = new Set(listed.ok ? listed.partitions : requested);
  const partitions = requested.length > 0 ? requested : listed.ok ? listed.partitions : [];

  const results = new Map<string, PartitionResult>();
  for (const partition of partitions.filter((name) => !known.has(name))) {
    results.set(partition, unknownPartition(partition));
  }
  // Partitions with a result no later attempt will change; published as custom status.
  const progress = {
    runId,
    done: results.size,
    total: partitions.length,
    failed: results.size,
    orders: 0,
  };
  let pending = partitions.filter((name) => !results.has(name));
  const { maxAttempts } = input.activityRetry;
  let lastFailure: SyncFailure | undefined;
  for (let attempt = 1; pending.length > 0 && !abortedBecause; attempt++) {
    if (attempt > 1) {
      const what = `${pending.length} partition${pending.length === 1 ? '' : 's'}`;
      yield* waitBeforeAttempt(context, input, attempt, (retry) =>
        context.df.setCustomStatus({
          ...progress,
          retry: { ...retry, what, failure: brief(lastFailure) },
        } satisfies SyncProgress),
      );
    }
    const retryLater: string[] = [];
    yield* runInWindow(context, {
      items: pending,
      width: input.maxParallel,
      // A partition's first chunk runs here; only a partition with more to read than one chunk
      // gets a sub-orchestration for the rest. Most partitions of an incremental run fit in one
      // chunk, and a sub-orchestration costs each of them an instance, two more episodes and
      // their storage writes.
      start: (partition) =>
        context.df.callActivity(
          SYNC_ACTIVITIES.syncChunk,
          partitionTask(input, runId, partition, runTrace),
        ),
      continueWith: (partition, settled) =>
        settled.ok && (settled.value as ChunkOutcome).status === 'more'
          ? context.df.callSubOrchestrator(
              SYNC_PARTITION_ORCHESTRATION,
              partitionTask(input, runId, partition, runTrace),
              `${context.df.instanceId}:${runId}:${partition}:${attempt}`,
            )
          : undefined,
      onSettled: (partition, settled) => {
        const result = { ...resultOf(partition, settled), attempts: attempt };
        results.set(partition, result);
        if (result.error?.fatal) abortedBecause ??= result.error;
        if (!result.error?.fatal && result.error?.retryable && attempt < maxAttempts) {
          retryLater.push(partition);
          lastFailure = result.error;
        } else {
          progress.done += 1;
          progress.failed += result.status === 'failed' ? 1 : 0;
          progress.orders += result.orders;
        }
        context.df.setCustomStatus({ ...progress } satisfies SyncProgress);
        return !abortedBecause;
      },
    });
    pending = retryLater;
  }

  // The final status: no wait left in it.
  context.df.setCustomStatus({ ...progress } satisfies SyncProgress);
  const ordered = partitions.map((p) => results.get(p) ?? notAttempted(p, abortedBecause));
  const summary: SyncSummary = {
    runId,
    status: abortedBecause
      ? 'aborted'
      : ordered.some((r) => r.status === 'failed')
        ? 'completedWithFailures'
        : 'completed',
    trigger: input.trigger,
    mode: input.mode,
    ...(input.since ? { since: input.since } : {}),
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
    trace: runTrace.carrier,
  };
  const reportPath = (yield context.df.callActivityWithRetry(
    SYNC_ACTIVITIES.writeRunReport,
    reportRetry(input),
    summary,
  )) as string;
  // Once per run: this line runs in replays too, but only the last execution is not replaying.
  if (!context.df.isReplaying) recordRunTelemetry(runTrace, summary);
  if (abortedBecause) {
    // A failed instance is what operators alert on; the report blob keeps the per-partition detail.
    const setting = abortedBecause.settingToCheck;
    // Most messages name their setting already; the others get it added.
    const check =
      setting && !abortedBecause.message.includes(setting.name)
        ? `; check ${describeSetting(setting)}`
        : '';
    throw new Error(
      `Sync ${runId} aborted: ${abortedBecause.code}: ${abortedBecause.message}${check} (report: ${reportPath})`,
    );
  }
  return { ...summary, reportPath };
}

function* listPartitions(
  context: OrchestrationContext,
  input: SyncRunInput,
  runId: string,
  runTrace: RunTrace,
): Generator<Task, ListPartitionsResult, unknown> {
  let failure: SyncFailure | undefined;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      // Published so a watcher sees what the run waits for before any partition has a result.
      yield* waitBeforeAttempt(context, input, attempt, (retry) =>
        context.df.setCustomStatus({
          runId,
          done: 0,
          total: 0,
          failed: 0,
          orders: 0,
          retry: { ...retry, what: 'listing partitions', failure: brief(failure) },
        } satisfies SyncProgress),
      );
    }
    const [settled] = yield* settleAll(context, [
      context.df.callActivity(SYNC_ACTIVITIES.listPartitions, { runId, trace: runTrace.carrier }),
    ]);
    const listed: ListPartitionsResult = settled?.ok
      ? (settled.value as ListPartitionsResult)
      : { ok: false, error: unexpectedFailure(settled?.error) };
    // Nothing can be synced without the listing: a failure that stays ends the run.
    if (listed.ok || !listed.error.retryable || attempt >= input.activityRetry.maxAttempts) {
      return listed;
    }
    failure = listed.error;
  }
}

/** Waits on a durable timer before attempt `attempt`, saying first when it will start. */
function* waitBeforeAttempt(
  context: OrchestrationContext,
  input: SyncRunInput,
  attempt: number,
  announce: (retry: Pick<SyncRetryWait, 'attempt' | 'of' | 'at'>) => void,
): Generator<Task, void, unknown> {
  const fireAt = new Date(
    context.df.currentUtcDateTime.getTime() + retryDelayMs(input.activityRetry, attempt - 1),
  );
  announce({ attempt, of: input.activityRetry.maxAttempts, at: fireAt.toISOString() });
  yield context.df.createTimer(fireAt);
}

/** A failure as custom status shows it: its code, words and the setting to check. */
function brief(failure: SyncFailure | undefined): SyncRetryWait['failure'] {
  if (!failure) return undefined;
  return {
    code: failure.code,
    message: failure.message,
    ...(failure.settingToCheck ? { settingToCheck: failure.settingToCheck } : {}),
  };
}

function partitionTask(
  input: SyncRunInput,
  runId: string,
  partition: string,
  runTrace: RunTrace,
): PartitionTask {
  return {
    runId,
    partition,
    mode: input.mode,
    ...(input.since ? { since: input.since } : {}),
    trace: runTrace.carrier,
  };
}

/** Writing the report only touches our own storage: a short durable retry covers a blip. */
function reportRetry(input: SyncRunInput): df.RetryOptions {
  const options = new df.RetryOptions(input.activityRetry.firstRetryIntervalMs, 3);
  options.backoffCoefficient = 2;
  return options;
}

function resultOf(
  partition: string,
  settled: Settled | undefined,
): Omit<PartitionResult, 'attempts'> {
  if (settled?.ok) return settled.value as PartitionResult;
  return {
    name: partition,
    status: 'failed',
    orders: 0,
    pages: 0,
    chunks: 0,
    error: unexpectedFailure(settled?.error),
  };
}

/** A partition no read was attempted for, and why. */
function neverRead(partition: string, error: SyncFailure): PartitionResult {
  return { name: partition, status: 'failed', orders: 0, pages: 0, chunks: 0, attempts: 0, error };
}

function notAttempted(partition: string, cause: SyncFailure | undefined): PartitionResult {
  return neverRead(
    partition,
    toSyncFailure(
      'NOT_ATTEMPTED',
      `not attempted: the run was aborted (${cause?.code ?? 'unknown'})`,
    ),
  );
}

function unknownPartition(partition: string): PartitionResult {
  return neverRead(
    partition,
    toSyncFailure(
      'PARTITION_UNKNOWN',
      `partition ${partition} is not in the server's listing (GET /api/orders/partitions); check the partitions asked for or ORDERS_SYNC_PARTITIONS`,
    ),
  );
}
