import pRetry from 'p-retry';
import { Agent, request, type Dispatcher } from 'undici';
import { z } from 'zod';

import { ROUTES } from '../../shared/names.js';
import { errorFromResponse } from './classifyResponse.js';
import { OrdersApiError } from './OrdersApiError.js';

/** An order as the client stores it: the wire object, checked for the fields the sync relies on. */
export type RemoteOrder = {
  readonly id: string;
  readonly partition: string;
  readonly updatedAt: string;
} & Readonly<Record<string, unknown>>;

export interface OrdersPage {
  readonly items: readonly RemoteOrder[];
  readonly continuationToken: string | null;
  /** On the last page only: the server's position a later delta resumes from (ISO-8601 UTC). */
  readonly watermark?: string;
}

export interface OrdersPageQuery {
  readonly partition: string;
  readonly top: number;
  readonly since?: string;
  readonly continuationToken?: string | null;
}

export interface OrdersApiClientOptions {
  readonly baseUrl: string;
  /** Returns the `Authorization` header value; called per request so refreshed tokens are used. */
  readonly getAuthorization: () => Promise<string>;
  readonly requestTimeoutMs: number;
  /** Upper bound on the time one call spends retrying, Retry-After waits included. */
  readonly retryBudgetMs: number;
  readonly retries?: number;
  readonly minRetryDelayMs?: number;
  /** Where requests go; by default a keep-alive connection pool of this client's own. */
  readonly dispatcher?: Dispatcher;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface OrdersApiClient {
  listPartitions(): Promise<readonly string[]>;
  getOrdersPage(query: OrdersPageQuery): Promise<OrdersPage>;
}

const pageSchema = z
  .object({
    items: z.array(
      z.looseObject({
        id: z.string().min(1),
        partition: z.string().min(1),
        updatedAt: z.iso.datetime({ offset: false }),
      }),
    ),
    continuationToken: z.string().min(1).nullable(),
    watermark: z.iso.datetime({ offset: false }).optional(),
  })
  // The last page must say where the next delta starts; a middle page must not.
  .refine((page) => (page.continuationToken === null) === (page.watermark !== undefined));

const partitionsSchema = z.object({
  partitions: z.array(z.object({ name: z.string().min(1) }).loose()),
});

/**
 * Calls the Orders API with an app-only token. Transient failures (network, timeout, 408, 429,
 * 5xx) are retried with exponential backoff, honouring Retry-After within the retry budget;
 * everything else fails at once with an OrdersApiError.
 */
export function createOrdersApiClient(options: OrdersApiClientOptions): OrdersApiClient {
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000 });
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;

  async function getJson(url: URL, what: string): Promise<unknown> {
    const started = now();
    return pRetry(
      async () => {
        const authorization = await options.getAuthorization();
        let response: Dispatcher.ResponseData;
        const signal = AbortSignal.timeout(options.requestTimeoutMs);
        try {
          response = await request(url, {
            dispatcher,
            headers: { authorization, accept: 'application/json' },
            signal,
          });
        } catch (error) {
          throw networkError(what, error, options.requestTimeoutMs);
        }
        if (response.statusCode < 200 || response.statusCode > 299) {
          throw await errorFromResponse(response, what, now());
        }
        try {
          return await response.body.json();
        } catch (error) {
          if (signal.aborted) throw networkError(what, error, options.requestTimeoutMs);
          throw new OrdersApiError(
            'ORDERS_API_BAD_RESPONSE',
            `${what}: the response was not JSON`,
            {
              status: response.statusCode,
              retryable: true,
              cause: error,
            },
          );
        }
      },
      {
        retries: options.retries ?? 6,
        minTimeout: options.minRetryDelayMs ?? 250,
        factor: 2,
        maxTimeout: 10_000,
        maxRetryTime: options.retryBudgetMs,
        shouldRetry: ({ error }) => error instanceof OrdersApiError && error.retryable,
        onFailedAttempt: async ({ error }) => {
          const retryAfterMs = error instanceof OrdersApiError ? error.retryAfterMs : undefined;
          if (retryAfterMs === undefined) return;
          if (now() - started + retryAfterMs > options.retryBudgetMs) {
            throw new OrdersApiError(
              'ORDERS_API_UNAVAILABLE',
              `${error.message}; Retry-After ${Math.ceil(retryAfterMs / 1000)} s exceeds the retry budget`,
              { retryable: false, cause: error },
            );
          }
          await sleep(retryAfterMs);
        },
      },
    );
  }

  return {
    async listPartitions() {
      const url = new URL(`${options.baseUrl}/api/${ROUTES.partitions}`);
      const parsed = partitionsSchema.safeParse(await getJson(url, 'listing partitions'));
      if (!parsed.success) throw badData('listing partitions');
      return parsed.data.partitions.map((p) => p.name);
    },
    async getOrdersPage(query) {
      const url = new URL(`${options.baseUrl}/api/${ROUTES.orders}`);
      url.searchParams.set('partition', query.partition);
      url.searchParams.set('top', String(query.top));
      if (query.since) url.searchParams.set('since', query.since);
      if (query.continuationToken)
        url.searchParams.set('continuationToken', query.continuationToken);
      const what = `reading partition ${query.partition}`;
      const parsed = pageSchema.safeParse(await getJson(url, what));
      if (!parsed.success) throw badData(what);
      if (parsed.data.items.some((o) => o.partition !== query.partition)) throw badData(what);
      return parsed.data;
    },
  };
}

function networkError(what: string, error: unknown, timeoutMs: number): OrdersApiError {
  const timedOut = error instanceof Error && error.name === 'TimeoutError';
  return new OrdersApiError(
    timedOut ? 'ORDERS_API_TIMEOUT' : 'ORDERS_API_UNREACHABLE',
    timedOut
      ? `${what}: no response within ${timeoutMs} ms`
      : `${what}: the Orders API could not be reached (${error instanceof Error ? error.message : 'network error'})`,
    { retryable: true, cause: error },
  );
}

/** Malformed data is thrown (not returned) so the durable retry policy gets another go at it. */
function badData(what: string): OrdersApiError {
  return new OrdersApiError(
    'ORDERS_API_BAD_DATA',
    `${what}: the response did not have the expected shape`,
    { retryable: false },
  );
}
