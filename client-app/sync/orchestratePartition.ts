import type { OrchestrationContext, Task } from 'durable-functions';

import { settleAll } from './settleAll.js';
import { SYNC_ACTIVITIES } from './syncNames.js';
import type { ChunkOutcome, PartitionOutcome, PartitionTask } from './syncTypes.js';
import { unexpectedFailure } from './unexpectedFailure.js';

/** Chunks per execution before continue-as-new keeps the history of a huge partition bounded. */
export const CHUNKS_PER_EXECUTION = 100;

/**
 * One partition of a run: chunk activities one after another until the read is committed or
 * fails. Deterministic; the input carries no cursor (progress lives in the sync state), so every
 * chunk activity gets the same input and continues from wherever the last one stopped.
 */
export function* orchestratePartition(
  context: OrchestrationContext,
): Generator<Task, PartitionOutcome | undefined, unknown> {
  const task = context.df.getInput<PartitionTask>();
  for (let chunk = 0; chunk < CHUNKS_PER_EXECUTION; chunk++) {
    const [settled] = yield* settleAll(context, [
      context.df.callActivity(SYNC_ACTIVITIES.syncChunk, task),
    ]);
    const outcome: ChunkOutcome = settled?.ok
      ? (settled.value as ChunkOutcome)
      : {
          name: task.partition,
          status: 'failed',
          orders: 0,
          pages: 0,
          chunks: 0,
          error: unexpectedFailure(settled?.error),
        };
    if (outcome.status !== 'more') return outcome;
  }
  context.df.continueAsNew(task);
  return undefined;
}
