import { toWebResponse } from './toWebResponse.js';
import type { HttpResponseData } from './workerMessages.js';

/**
 * An HTTP handler's result, buffered for the trip to the host: status, headers (each
 * `Set-Cookie` on its own) and body bytes.
 *
 * @throws {TypeError} for a result that is not an object (see {@link toWebResponse}).
 */
export async function toHttpResponseData(result: unknown): Promise<HttpResponseData> {
  const response = toWebResponse(result);
  return {
    status: response.status,
    headers: [...response.headers],
    body: response.body ? new Uint8Array(await response.arrayBuffer()) : null,
  };
}
