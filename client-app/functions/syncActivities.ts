import * as df from 'durable-functions';

import type { SyncActivities } from '../sync/createSyncActivities.js';
import type { ListPartitionsResult } from '../sync/orchestrateSync.js';
import { SYNC_ACTIVITIES } from '../sync/syncNames.js';
import type { PartitionResult, PartitionTask, SyncSummary } from '../sync/syncTypes.js';

/** Activity inputs are written by our own orchestrator, so they are trusted as typed. */
export function registerSyncActivities(activities: SyncActivities): void {
  df.app.activity(SYNC_ACTIVITIES.listPartitions, {
    handler: (input: unknown): Promise<ListPartitionsResult> =>
      activities.listPartitions(input as { runId: string }),
  });
  df.app.activity(SYNC_ACTIVITIES.syncPartition, {
    handler: (input: unknown): Promise<PartitionResult> =>
      activities.syncPartition(input as PartitionTask),
  });
  df.app.activity(SYNC_ACTIVITIES.writeRunReport, {
    handler: (input: unknown): Promise<string> => activities.writeRunReport(input as SyncSummary),
  });
}
