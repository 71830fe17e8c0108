import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import pRetry from 'p-retry';
import { Agent, request, type Dispatcher } from 'undici';
import { z } from 'zod';

import { ROUTES } from '../../shared/names.js';
import { instruments, tracer } from '../../shared/telemetry/instruments.js';
import { ATTR } from '../../shared/telemetry/telemetryNames.js';
import { classifyNetworkError } from '../network/classifyNetworkError.js';
import { errorFromResponse } from './classifyResponse.js';
import { OrdersApiError, type OrdersApiErrorCode } from './OrdersApiError.js';
import type { RetryObserver } from './progress/RetryNotice.js';

/** Longest backoff between two attempts of one request. */
const MAX_RETRY_DELAY_MS = 10_000;

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
  /** Told about every failed attempt that will be retried, with what it waits for. */
  readonly onRetry?: RetryObserver;
}

export interface OrdersApiClient {
  listPartitions(): Promise<readonly string[]>;
  getOrdersPage(query: OrdersPageQuery): Promise<OrdersPage>;
}

const pageSchema = z
  .object({
    // Items are checked by isRemoteOrder: a schema per item copies every order of every page.
    items: z.array(z.unknown()),
    continuationToken: z.string().min(1).nullable(),
    watermark: z.iso.datetime({ offset: false }).optional(),
  })
  // The last page must say where the next delta starts; a middle page must not.
  .refine((page) => (page.continuationToken === null) === (page.watermark !== undefined));

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** The fields the sync relies on, checked in place. */
function isRemoteOrder(item: unknown, partition: string): item is RemoteOrder {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const { id, partition: owner, updatedAt } = item as Record<string, unknown>;
  return (
    typeof id === 'string' &&
    id !== '' &&
    owner === partition &&
    typeof updatedAt === 'string' &&
    ISO_UTC.test(updatedAt)
  );
}

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
  const retries = options.retries ?? 6;
  const minRetryDelayMs = options.minRetryDelayMs ?? 250;

  /** One request and its JSON body; throws OrdersApiError for anything else. */
  async function attempt(
    url: URL,
    what: string,
    headers: Readonly<Record<string, string>>,
  ): Promise<{ readonly status: number; readonly value: unknown }> {
    let response: Dispatcher.ResponseData;
    const signal = AbortSignal.timeout(options.requestTimeoutMs);
    try {
      response = await request(url, { dispatcher, headers, signal });
    } catch (error) {
      throw networkError(what, url, error, options.requestTimeoutMs);
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      throw await errorFromResponse(response, what, now());
    }
    try {
      return { status: response.statusCode, value: await response.body.json() };
    } catch (error) {
      if (signal.aborted) throw networkError(what, url, error, options.requestTimeoutMs);
      throw new OrdersApiError('ORDERS_API_BAD_RESPONSE', `${what}: the response was not JSON`, {
        status: response.statusCode,
        cause: error,
      });
    }
  }

  async function getJson(url: URL, what: string): Promise<unknown> {
    const started = now();
    return pRetry(
      async (attemptNumber) => {
        const authorization = await options.getAuthorization();
        return traceAttempt(url, attemptNumber, (traceHeaders) =>
          attempt(url, what, { ...traceHeaders, authorization, accept: 'application/json' }),
        );
      },
      {
        retries,
        minTimeout: minRetryDelayMs,
        factor: 2,
        maxTimeout: MAX_RETRY_DELAY_MS,
        maxRetryTime: options.retryBudgetMs,
        shouldRetry: ({ error }) => error instanceof OrdersApiError && error.retriedInPlace,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft, retriesConsumed }) => {
          if (!(error instanceof OrdersApiError) || !error.retriedInPlace) return;
          const retryAfterMs = error.retryAfterMs;
          const spent = now() - started;
          if (retryAfterMs !== undefined && spent + retryAfterMs > options.retryBudgetMs) {
            // Thrown from here, it ends the retries at once; a later durable attempt may still help.
            throw new OrdersApiError(
              'ORDERS_API_UNAVAILABLE',
              `${error.message}; Retry-After ${Math.ceil(retryAfterMs / 1000)} s exceeds the retry budget`,
              { ...(error.status === undefined ? {} : { status: error.status }), cause: error },
            );
          }
          const backoffMs = Math.min(MAX_RETRY_DELAY_MS, minRetryDelayMs * 2 ** retriesConsumed);
          const retryInMs = (retryAfterMs ?? 0) + backoffMs;
          if (retriesLeft > 0 && spent + retryInMs < options.retryBudgetMs) {
            options.onRetry?.({
              what,
              code: error.code,
              message: error.message,
              attempt: attemptNumber,
              retryInMs,
            });
          }
          if (retryAfterMs !== undefined) await sleep(retryAfterMs);
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
      const { items, continuationToken, watermark } = parsed.data;
      if (!items.every((item): item is RemoteOrder => isRemoteOrder(item, query.partition))) {
        throw badData(what);
      }
      return {
        items,
        continuationToken,
        ...(watermark === undefined ? {} : { watermark }),
      };
    },
  };
}

/**
 * One attempt as a client span `GET <path>` (the path only: the query holds the partition's
 * cursor), carrying W3C `traceparent` to the server; ended once the body is read. Its status
 * code, the attempt number (`http.request.resend_count` from the second on) and, on failure, the
 * client's failure code; the duration also goes to `http.client.request.duration`.
 */
async function traceAttempt(
  url: URL,
  attemptNumber: number,
  run: (
    traceHeaders: Readonly<Record<string, string>>,
  ) => Promise<{ status: number; value: unknown }>,
): Promise<unknown> {
  const span = tracer().startSpan(`GET ${url.pathname}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR.httpMethod]: 'GET',
      [ATTR.urlPath]: url.pathname,
      [ATTR.serverAddress]: url.hostname,
      [ATTR.serverPort]: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      ...(attemptNumber > 1 ? { [ATTR.attempt]: attemptNumber - 1 } : {}),
    },
  });
  const traceHeaders: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), traceHeaders);
  const started = performance.now();
  let status: number | undefined;
  try {
    const result = await run(traceHeaders);
    status = result.status;
    return result.value;
  } catch (error) {
    if (error instanceof OrdersApiError) {
      status = error.status;
      span.setAttribute(ATTR.failureCode, error.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
    } else {
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw error;
  } finally {
    if (status !== undefined) span.setAttribute(ATTR.httpStatus, status);
    span.end();
    instruments().clientDuration.record((performance.now() - started) / 1000, {
      [ATTR.urlPath]: url.pathname,
      ...(status === undefined ? {} : { [ATTR.httpStatus]: status }),
    });
  }
}

/** Names what failed on the wire and where, so a refused connection reads as such. */
function networkError(what: string, url: URL, error: unknown, timeoutMs: number): OrdersApiError {
  const at = url.origin;
  const kind = classifyNetworkError(error);
  const detail = error instanceof Error ? error.message : 'network error';
  const [code, message]: [OrdersApiErrorCode, string] =
    kind === 'timeout'
      ? ['ORDERS_API_TIMEOUT', `${what}: no response from ${at} within ${timeoutMs} ms`]
      : kind === 'refused'
        ? [
            'ORDERS_API_CONNECTION_REFUSED',
            `${what}: connection refused at ${at}: the server app is not running there; check ORDERS_API_BASE_URL`,
          ]
        : kind === 'dns'
          ? [
              'ORDERS_API_HOST_NOT_FOUND',
              `${what}: the host of ${at} does not resolve; check ORDERS_API_BASE_URL`,
            ]
          : kind === 'tls'
            ? [
                'ORDERS_API_TLS',
                `${what}: TLS with ${at} failed (${detail}); check ORDERS_API_BASE_URL and the server's certificate`,
              ]
            : [
                'ORDERS_API_UNREACHABLE',
                `${what}: the Orders API at ${at} could not be reached (${detail})`,
              ];
  return new OrdersApiError(code, message, { cause: error });
}

/** Malformed data is thrown (not returned) so the durable retry policy gets another go at it. */
function badData(what: string): OrdersApiError {
  return new OrdersApiError(
    'ORDERS_API_BAD_DATA',
    `${what}: the response did not have the expected shape`,
  );
}
