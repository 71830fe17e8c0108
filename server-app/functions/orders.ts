import { app } from '@azure/functions';

import { ROUTES } from '../../shared/names.js';
import type { HttpFunction } from '../http/createOrdersHandler.js';

/** `GET /api/orders`. Anonymous to the host: the handler validates the bearer token itself. */
export function registerOrdersFunction(handler: HttpFunction): void {
  app.http('orders', { route: ROUTES.orders, methods: ['GET'], authLevel: 'anonymous', handler });
}
