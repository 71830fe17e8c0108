import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';

import type { SyncActivities } from '../sync/createSyncActivities.js';
import type { ListPartitionsResult } from '../sync/orchestrateSync.js';
import { SYNC_ACTIVITIES } from '../sync/syncNames.js';
import type { ChunkOutcome, PartitionTask, SyncSummary } from '../sync/syncTypes.js';

/**
 * Activity inputs are written by our own orchestrator, so they are trusted as typed.
 * @param activitiesFor builds the activities for one invocation (so they log to its context).
 */
export function registerSyncActivities(
  activitiesFor: (context: InvocationContext) => SyncActivities,
): void {
  df.app.activity(SYNC_ACTIVITIES.listPartitions, {
    handler: (input: unknown, context): Promise<ListPartitionsResult> =>
      activitiesFor(context).listPartitions(input as { runId: string }),
  });
  df.app.activity(SYNC_ACTIVITIES.syncChunk, {
    handler: (input: unknown, context): Promise<ChunkOutcome> =>
      activitiesFor(context).syncChunk(input as PartitionTask),
  });
  df.app.activity(SYNC_ACTIVITIES.writeRunReport, {
    handler: (input: unknown, context): Promise<string> =>
      activitiesFor(context).writeRunReport(input as SyncSummary),
  });
}
