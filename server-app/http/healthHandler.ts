import type { HttpResponseInit } from '@azure/functions';

import { jsonResponse } from './jsonResponse.js';

/**
 * `GET /api/health` → `{ status: "ok" }`. Anonymous, so it touches no data and no store: it says
 * the app is up and its settings were valid at startup, nothing an attacker could use.
 */
export function healthHandler(): Promise<HttpResponseInit> {
  return Promise.resolve(jsonResponse({ status: 'ok' }));
}
