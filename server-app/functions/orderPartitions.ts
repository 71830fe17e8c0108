import { app } from '@azure/functions';

import { ROUTES } from '../../shared/names.js';
import type { HttpFunction } from '../http/createOrdersHandler.js';

/**
 * `GET /api/orders/partitions`: a literal route, distinct from `orders`, so the two never shadow
 * each other (no `orders/{id}` route exists that could capture it).
 */
export function registerOrderPartitionsFunction(handler: HttpFunction): void {
  app.http('orderPartitions', {
    route: ROUTES.partitions,
    methods: ['GET'],
    authLevel: 'anonymous',
    handler,
  });
}
