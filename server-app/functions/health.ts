import { app } from '@azure/functions';

import { ROUTES } from '../../shared/names.js';
import { healthHandler } from '../http/healthHandler.js';

/** `GET /api/health`, anonymous: liveness only, no data. */
export function registerHealthFunction(): void {
  app.http('health', {
    route: ROUTES.health,
    methods: ['GET'],
    authLevel: 'anonymous',
    handler: healthHandler,
  });
}
