import type { Dispatcher } from 'undici';

import { parseRetryAfter } from '../../shared/http/parseRetryAfter.js';
import { OrdersApiError, type OrdersApiErrorCode } from './OrdersApiError.js';

/** The parts of an undici response the classification reads. */
export type ApiResponse = Pick<Dispatcher.ResponseData, 'statusCode' | 'headers' | 'body'>;

/** The server's 503 `code`s (problem+json) that say which part of its token validation is down. */
const SERVER_503_CODES: Readonly<Record<string, OrdersApiErrorCode>> = {
  TENANT_NOT_FOUND: 'ORDERS_API_TENANT_NOT_FOUND',
  ISSUER_METADATA_UNAVAILABLE: 'ORDERS_API_ISSUER_UNAVAILABLE',
  ISSUER_KEYS_UNAVAILABLE: 'ORDERS_API_ISSUER_UNAVAILABLE',
};

/**
 * Turns a non-2xx Orders API response into an OrdersApiError: 429/5xx/408 are transient unless
 * a 503 says the server's tenant does not exist; 401 means the token is wrong for this API; 403
 * that the identity lacks the role; 404 that the URL is not the Orders API. What each code
 * implies (retries, fatal) is in SYNC_FAILURES.
 */
export async function errorFromResponse(
  response: ApiResponse,
  what: string,
  now: number,
): Promise<OrdersApiError> {
  const status = response.statusCode;
  const { title, code } = await readProblem(response);
  const retryAfterMs = parseRetryAfter(header(response, 'retry-after'), now);
  const base = `${what}: the Orders API answered ${status}${title ? ` (${title})` : ''}`;
  const make = (errorCode: OrdersApiErrorCode, message: string) =>
    new OrdersApiError(errorCode, message, {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(code === undefined ? {} : { serverCode: code }),
    });
  const serverFault = status === 503 && code !== undefined ? SERVER_503_CODES[code] : undefined;
  if (serverFault === 'ORDERS_API_TENANT_NOT_FOUND') {
    return make(
      serverFault,
      `${base}, code ${code}: the server app's AZURE_TENANT_ID names a tenant its identity provider does not know; fix the server app's settings`,
    );
  }
  if (serverFault === 'ORDERS_API_ISSUER_UNAVAILABLE') {
    return make(
      serverFault,
      `${base}, code ${code}: the server cannot reach its identity provider (check the server app's AZURE_AUTHORITY_HOST)`,
    );
  }
  if (status === 429 || status === 408 || status >= 500) {
    return make('ORDERS_API_UNAVAILABLE', code ? `${base}, code ${code}` : base);
  }
  if (status === 401) {
    return make(
      'ORDERS_API_UNAUTHORIZED',
      `${base}: the token was rejected; check that ORDERS_API_SCOPE names the server app (api://<ORDERS_API_CLIENT_ID>/.default) in the server's tenant`,
    );
  }
  if (status === 403) {
    return make(
      'ORDERS_API_FORBIDDEN',
      `${base}: the client identity has no Orders.Read assignment on the server app`,
    );
  }
  if (status === 404) {
    return make(
      'ORDERS_API_NOT_FOUND',
      `${base}: this is not the Orders API; check ORDERS_API_BASE_URL (the server app's origin, without /api)`,
    );
  }
  if (status === 409 && code === 'DELTA_INDEX_MISSING') {
    // Every incremental read of that table would be refused the same way until it is indexed.
    return make(
      'ORDERS_API_INDEX_MISSING',
      `${base}: the orders table has no change index; run "npm run seed -- --reindex" against it once`,
    );
  }
  return make('ORDERS_API_REJECTED', base);
}

/**
 * The problem+json `title` (and `parameter`) and `code`, which the server keeps constant and
 * token-free. Reads or discards the body either way, so the connection goes back to the pool.
 */
async function readProblem(
  response: ApiResponse,
): Promise<{ title?: string | undefined; code?: string | undefined }> {
  try {
    if (!header(response, 'content-type')?.includes('json')) {
      await response.body.dump();
      return {};
    }
    const body = (await response.body.json()) as {
      title?: unknown;
      parameter?: unknown;
      code?: unknown;
    };
    const title = typeof body.title === 'string' ? body.title.slice(0, 200) : undefined;
    const parameter = typeof body.parameter === 'string' ? body.parameter.slice(0, 50) : undefined;
    const code = typeof body.code === 'string' ? body.code.slice(0, 50) : undefined;
    return { title: parameter && title ? `${title}; parameter ${parameter}` : title, code };
  } catch {
    return {};
  }
}

function header(response: ApiResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
