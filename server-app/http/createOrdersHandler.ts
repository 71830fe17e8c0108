import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

import { problemResponse } from '../../shared/http/problemResponse.js';
import type { Logger } from '../../shared/logging/Logger.js';
import { loggerFromContext } from '../../shared/logging/loggerFromContext.js';
import type { RequestAuthenticator } from '../auth/RequestAuthenticator.js';
import type { OrdersStore } from '../orders/OrdersStore.js';
import { errorResponse } from './errorResponse.js';
import { jsonResponse } from './jsonResponse.js';
import { parseOrdersQuery, type PageSizeLimits } from './parseOrdersQuery.js';

/** An HTTP-triggered function body, free of registration so tests can call it directly. */
export type HttpFunction = (
  request: HttpRequest,
  context: InvocationContext,
) => Promise<HttpResponseInit>;

export interface OrdersHandlerDeps {
  readonly authenticator: RequestAuthenticator;
  readonly store: Pick<OrdersStore, 'listPage'>;
  /** Default: the invocation's own log, correlated with the request in Application Insights. */
  readonly logger?: Logger;
  readonly limits: PageSizeLimits;
}

/**
 * `GET /api/orders?partition=&top=&continuationToken=&since=` → `{ items, continuationToken }`,
 * plus `watermark` on the last page (where `continuationToken` is null): where a later delta
 * (`since`) resumes. The caller is authenticated before any parameter is looked at, so an anonymous caller learns
 * nothing about the API from validation errors.
 */
export function createOrdersHandler(deps: OrdersHandlerDeps): HttpFunction {
  return async (request, context) => {
    try {
      const auth = await deps.authenticator.authenticate(
        request.headers,
        deps.logger ?? loggerFromContext(context),
      );
      if (!auth.ok) return auth.response;
      const parsed = parseOrdersQuery(request.query, deps.limits);
      if (!parsed.ok) return problemResponse(parsed.problem);
      const page = await deps.store.listPage(parsed.query);
      return jsonResponse(
        page.continuationToken === null
          ? { items: page.items, continuationToken: null, watermark: page.watermark }
          : { items: page.items, continuationToken: page.continuationToken },
      );
    } catch (error) {
      return errorResponse(error, deps.logger ?? loggerFromContext(context), context.invocationId);
    }
  };
}
