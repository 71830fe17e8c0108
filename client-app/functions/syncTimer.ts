import * as df from 'durable-functions';

import { loggerFromContext } from '../../shared/logging/loggerFromContext.js';
import { startSyncRun } from '../sync/startSyncRun.js';
import { SYNC_TIMER_FUNCTION } from '../sync/syncNames.js';
import { buildRunInput } from '../sync/buildRunInput.js';
import type { SyncRunDefaults } from '../sync/syncTypes.js';

/**
 * @param schedule `%ORDERS_SYNC_SCHEDULE%` when the setting exists, else the default NCRONTAB
 *   expression (the host cannot resolve a `%…%` reference to a missing setting).
 */
export function registerSyncTimer(schedule: string, defaults: SyncRunDefaults): void {
  df.app.client.timer(SYNC_TIMER_FUNCTION, {
    schedule,
    handler: async (_timer, client, context) => {
      await startSyncRun(client, buildRunInput(defaults, 'timer'), loggerFromContext(context));
    },
  });
}
