import azureFunctions from '@azure/functions';

import { serializeCookie } from '../http/serializeCookie.js';
import type { HttpResponseData } from './workerMessages.js';

// The library is a webpack bundle: Node cannot see its class exports by name from ESM.
const { HttpResponse } = azureFunctions;

const NO_CONTENT: HttpResponseData = Object.freeze({ status: 204, headers: [], body: null });

/**
 * An HTTP handler's result (an `HttpResponse` or `HttpResponseInit`), buffered for the trip to
 * the host: status, headers (each cookie as its own `Set-Cookie`) and body bytes; `null` or
 * `undefined` becomes 204. Read as the library's own worker reads it (`toRpcHttp`): one
 * `HttpResponse`, its headers, cookies and `arrayBuffer()`, no second `Response` around it.
 *
 * @throws {TypeError} for a result that is not an object, with the library's message.
 */
export async function toHttpResponseData(result: unknown): Promise<HttpResponseData> {
  if (result === null || result === undefined) return NO_CONTENT;
  if (typeof result !== 'object') {
    throw new TypeError(
      'The HTTP response must be an object with optional properties "body", "status", "headers", and "cookies".',
    );
  }
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  const headers: [string, string][] = [...response.headers];
  for (const cookie of response.cookies) headers.push(['set-cookie', serializeCookie(cookie)]);
  return {
    status: response.status,
    headers,
    body: response.body ? new Uint8Array(await response.arrayBuffer()) : null,
  };
}
