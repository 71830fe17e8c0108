import * as df from 'durable-functions';

import { ROUTES } from '../../shared/names.js';
import { loggerFromContext } from '../../shared/logging/loggerFromContext.js';
import { startSyncFromHttp } from '../sync/startSyncFromHttp.js';
import { SYNC_HTTP_START_FUNCTION } from '../sync/syncNames.js';
import type { SyncRunDefaults } from '../sync/syncTypes.js';

/** `POST /api/sync`, behind a function key in Azure. */
export function registerSyncHttpStart(defaults: SyncRunDefaults): void {
  df.app.client.http(SYNC_HTTP_START_FUNCTION, {
    route: ROUTES.sync,
    methods: ['POST'],
    authLevel: 'function',
    handler: (request, client, context) =>
      startSyncFromHttp(request, client, defaults, loggerFromContext(context)),
  });
}
