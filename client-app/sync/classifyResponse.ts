import type { Dispatcher } from 'undici';

import { parseRetryAfter } from '../../shared/http/parseRetryAfter.js';
import { OrdersApiError } from './OrdersApiError.js';

/** The parts of an undici response the classification reads. */
export type ApiResponse = Pick<Dispatcher.ResponseData, 'statusCode' | 'headers' | 'body'>;

/**
 * Turns a non-2xx Orders API response into an OrdersApiError: 429/5xx/408 are transient,
 * 401 means the token is wrong for this API (fatal: every partition would fail the same way),
 * 403 means the identity lacks the role, other 4xx are permanent for this request.
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
  if (status === 429 || status === 408 || status >= 500) {
    return new OrdersApiError('ORDERS_API_UNAVAILABLE', base, {
      status,
      retryable: true,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (status === 401) {
    return new OrdersApiError(
      'ORDERS_API_UNAUTHORIZED',
      `${base}: the token was rejected; check that ORDERS_API_SCOPE names the server app (api://<ORDERS_API_CLIENT_ID>/.default) in the server's tenant`,
      { status, retryable: false, fatal: true },
    );
  }
  if (status === 403) {
    return new OrdersApiError(
      'ORDERS_API_FORBIDDEN',
      `${base}: the client identity has no Orders.Read assignment on the server app`,
      { status, retryable: false },
    );
  }
  if (status === 409 && code === 'DELTA_INDEX_MISSING') {
    // Every incremental read of that table would be refused the same way until it is indexed.
    return new OrdersApiError(
      'ORDERS_API_INDEX_MISSING',
      `${base}: the orders table has no change index; run "npm run seed -- --reindex" against it once`,
      { status, retryable: false, fatal: true },
    );
  }
  return new OrdersApiError('ORDERS_API_REJECTED', base, { status, retryable: false });
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
