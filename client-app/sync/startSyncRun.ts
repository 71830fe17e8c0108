import type { DurableClient } from 'durable-functions';

import type { Logger } from '../../shared/logging/Logger.js';
import { SYNC_INSTANCE_ID, SYNC_ORCHESTRATION } from './syncNames.js';
import type { SyncRunInput } from './syncTypes.js';

export type StartSyncOutcome =
  | { readonly started: true; readonly instanceId: string }
  | { readonly started: false; readonly instanceId: string; readonly runtimeStatus: string };

const ACTIVE_STATES = new Set(['Running', 'Pending', 'ContinuedAsNew', 'Suspended']);

/**
 * Starts the sync under its one well-known instance id unless a run is active. The check makes
 * the common case clear; host.json `overridableExistingInstanceStates: NonRunningStates` makes
 * the engine refuse the rare race the check cannot see.
 */
export async function startSyncRun(
  client: Pick<DurableClient, 'getStatus' | 'startNew'>,
  input: SyncRunInput,
  logger: Logger,
): Promise<StartSyncOutcome> {
  const running = await activeStatus(client);
  if (running) {
    logger.warn('sync start skipped: a run is already in progress', {
      instanceId: SYNC_INSTANCE_ID,
      runtimeStatus: running,
      trigger: input.trigger,
    });
    return { started: false, instanceId: SYNC_INSTANCE_ID, runtimeStatus: running };
  }
  try {
    await client.startNew(SYNC_ORCHESTRATION, { instanceId: SYNC_INSTANCE_ID, input });
  } catch (error) {
    const nowRunning = await activeStatus(client);
    if (nowRunning) {
      return { started: false, instanceId: SYNC_INSTANCE_ID, runtimeStatus: nowRunning };
    }
    throw error;
  }
  logger.info('sync started', { instanceId: SYNC_INSTANCE_ID, trigger: input.trigger });
  return { started: true, instanceId: SYNC_INSTANCE_ID };
}

async function activeStatus(client: Pick<DurableClient, 'getStatus'>): Promise<string | undefined> {
  try {
    const status = await client.getStatus(SYNC_INSTANCE_ID);
    return ACTIVE_STATES.has(status.runtimeStatus) ? status.runtimeStatus : undefined;
  } catch (error) {
    // durable-functions 3 throws on 404: no instance with this id has ever run.
    if (error instanceof Error && /HTTP 404/.test(error.message)) return undefined;
    throw error;
  }
}
