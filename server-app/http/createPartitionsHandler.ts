import type { Logger } from '../../shared/logging/Logger.js';
import { loggerFromContext } from '../../shared/logging/loggerFromContext.js';
import type { RequestAuthenticator } from '../auth/RequestAuthenticator.js';
import type { OrdersStore } from '../orders/OrdersStore.js';
import type { HttpFunction } from './createOrdersHandler.js';
import { errorResponse } from './errorResponse.js';
import { jsonResponse } from './jsonResponse.js';

export interface PartitionsHandlerDeps {
  readonly authenticator: RequestAuthenticator;
  readonly store: Pick<OrdersStore, 'listPartitions'>;
  /** Default: the invocation's own log, correlated with the request in Application Insights. */
  readonly logger?: Logger;
}

/** `GET /api/orders/partitions` → `{ partitions: [{ name }] }`, sorted by name. */
export function createPartitionsHandler(deps: PartitionsHandlerDeps): HttpFunction {
  return async (request, context) => {
    try {
      const auth = await deps.authenticator.authenticate(
        request.headers,
        deps.logger ?? loggerFromContext(context),
      );
      if (!auth.ok) return auth.response;
      const partitions = await deps.store.listPartitions();
      return jsonResponse({ partitions: partitions.map(({ name }) => ({ name })) });
    } catch (error) {
      return errorResponse(error, deps.logger ?? loggerFromContext(context), context.invocationId);
    }
  };
}
