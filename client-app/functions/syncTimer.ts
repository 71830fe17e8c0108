import * as df from 'durable-functions';

import { loggerFromContext } from '../../shared/logging/loggerFromContext.js';
import { startSyncRun } from '../sync/startSyncRun.js';
import { SYNC_TIMER_FUNCTION } from '../sync/syncNames.js';
import type { SyncRunInput } from '../sync/syncTypes.js';

/**
 * @param schedule `%ORDERS_SYNC_SCHEDULE%` when the setting exists, else the default NCRONTAB
 *   expression (the host cannot resolve a `%…%` reference to a missing setting).
 */
export function registerSyncTimer(
  schedule: string,
  defaults: Pick<SyncRunInput, 'maxParallel' | 'partitions'>,
): void {
  df.app.client.timer(SYNC_TIMER_FUNCTION, {
    schedule,
    handler: async (_timer, client, context) => {
      await startSyncRun(
        client,
        {
          trigger: 'timer',
          maxParallel: defaults.maxParallel,
          ...(defaults.partitions && defaults.partitions.length > 0
            ? { partitions: defaults.partitions }
            : {}),
        },
        loggerFromContext(context),
      );
    },
  });
}
