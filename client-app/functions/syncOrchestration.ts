import * as df from 'durable-functions';

import { orchestratePartition } from '../sync/orchestratePartition.js';
import { orchestrateSync } from '../sync/orchestrateSync.js';
import { SYNC_ORCHESTRATION, SYNC_PARTITION_ORCHESTRATION } from '../sync/syncNames.js';

export function registerSyncOrchestration(): void {
  df.app.orchestration(SYNC_ORCHESTRATION, orchestrateSync);
  df.app.orchestration(SYNC_PARTITION_ORCHESTRATION, orchestratePartition);
}
