import azureFunctions, { type HttpRequest } from '@azure/functions';

import type { HttpRequestData } from './workerMessages.js';

// The library is a webpack bundle: Node cannot see its class exports by name from ESM.
const { HttpRequest: HttpRequestClass } = azureFunctions;

/** The `HttpRequest` a handler receives, built in the worker from what the host read. */
export function toHttpRequest(data: HttpRequestData): HttpRequest {
  return new HttpRequestClass({
    method: data.method,
    url: data.url,
    headers: { ...data.headers },
    params: { ...data.params },
    ...(data.body
      ? {
          body: {
            bytes: Buffer.from(data.body.buffer, data.body.byteOffset, data.body.byteLength),
          },
        }
      : {}),
  });
}
