import * as df from 'durable-functions';

import { orchestrateSync } from '../sync/orchestrateSync.js';
import { SYNC_ORCHESTRATION } from '../sync/syncNames.js';

export function registerSyncOrchestration(): void {
  df.app.orchestration(SYNC_ORCHESTRATION, orchestrateSync);
}
