import azureFunctions from '@azure/functions';

import { serializeCookie } from '../http/serializeCookie.js';

// The library is a webpack bundle: Node cannot see its class exports by name from ESM.
const { HttpResponse } = azureFunctions;

/**
 * Converts an HTTP handler's result (an `HttpResponse` or `HttpResponseInit`) into a fetch
 * `Response`, cookies as `Set-Cookie`. `null`/`undefined` becomes 204.
 *
 * @throws {TypeError} for a result that is not an object, as `@azure/functions` does.
 */
export function toWebResponse(result: unknown): Response {
  if (result === null || result === undefined) return new Response(null, { status: 204 });
  if (typeof result !== 'object') {
    throw new TypeError(
      'The HTTP response must be an object with optional properties "body", "status", "headers", and "cookies".',
    );
  }
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  const headers = new Headers(response.headers);
  for (const cookie of response.cookies) headers.append('set-cookie', serializeCookie(cookie));
  return new Response(response.body, { status: response.status, headers });
}
