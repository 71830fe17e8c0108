import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import pRetry from 'p-retry';

import { parseRetryAfter } from '../../shared/http/parseRetryAfter.js';
import type { Logger } from '../../shared/logging/Logger.js';
import { classifyNetworkError, type NetworkFailureKind } from '../network/classifyNetworkError.js';
import type { RetryObserver } from '../sync/progress/RetryNotice.js';

/** How transient failures are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 3. */
  readonly retries: number;
  /** First backoff delay in ms (doubling, randomized). Default 500. */
  readonly minDelayMs: number;
  /** Longest backoff delay in ms. Default 8,000. */
  readonly maxDelayMs: number;
  /** Longest Retry-After honoured, in ms; a longer one fails the request at once. Default 30,000. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 3,
  minDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
});

export interface MsalNetworkClientOptions {
  readonly logger: Logger;
  readonly retry?: RetryPolicy;
  /** Bound on one HTTP exchange, in ms. Default 10,000 (MSAL's own client has none for POST). */
  readonly attemptTimeoutMs?: number;
  /**
   * Extra trusted root (PEM), e.g. the local issuer's certificate, instead of Node's default
   * store (which already includes NODE_EXTRA_CA_CERTS). Omit in production.
   */
  readonly trustedCaPem?: string;
  /** Told about every failed attempt that is retried (never the request's body or headers). */
  readonly onRetry?: RetryObserver;
}

/**
 * What went wrong on the wire with the identity provider, which MSAL's own errors do not keep
 * (a wrong tenant, a refused connection and a 404 all become `endpoints_resolution_error`).
 */
export type IssuerFault =
  | {
      readonly kind: 'network';
      readonly failure: NetworkFailureKind;
      /** Origin and path of the request, never its query or body. */
      readonly url: string;
    }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly url: string;
      /** The OAuth `error` of the answer's body, e.g. `invalid_tenant`. */
      readonly error?: string;
      /** The first of `error_codes`, e.g. 90002 (AADSTS90002: tenant not found). */
      readonly aadsts?: number;
    };

/** MSAL's network module, plus what it last saw fail. */
export interface MsalNetworkClient extends INetworkModule {
  /**
   * The last failure since the last success, and forgets it. Callers acquire one token at a
   * time (the lease cache is single-flight), so it belongs to the acquisition that just failed.
   */
  takeFault(): IssuerFault | undefined;
}

class TransientResponse extends Error {
  constructor(readonly response: NetworkResponse<unknown>) {
    super(`HTTP ${response.status}`);
  }
}

/**
 * The HTTP client MSAL uses (its public `system.networkClient` option), adding what MSAL lacks:
 * a timeout on every exchange, and p-retry for 5xx, 429 and network failures, honouring
 * Retry-After. Retrying here, below MSAL, matters: after a 429/5xx MSAL answers identical
 * requests from a throttle cache for Retry-After or 60 s, so a retry above MSAL would never
 * reach the network. The last transient response is handed to MSAL so its error keeps the status.
 */
export function createMsalNetworkClient(options: MsalNetworkClientOptions): MsalNetworkClient {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const timeoutMs = options.attemptTimeoutMs ?? 10_000;
  let fault: IssuerFault | undefined;

  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    requestOptions: NetworkRequestOptions | undefined,
  ): Promise<NetworkResponse<T>> => {
    const target = new URL(url);
    const address = `${target.origin}${target.pathname}`;
    const where = `${method} ${address}`;
    try {
      return await pRetry(
        async () => {
          let response: NetworkResponse<unknown>;
          try {
            response = await exchange(
              method,
              target,
              requestOptions,
              timeoutMs,
              options.trustedCaPem,
            );
          } catch (error) {
            fault = {
              kind: 'network',
              failure: classifyNetworkError(error) ?? 'other',
              url: address,
            };
            throw error;
          }
          fault = response.status < 400 ? undefined : statusFault(response, address);
          if (response.status === 429 || response.status >= 500)
            throw new TransientResponse(response);
          return response as NetworkResponse<T>;
        },
        {
          retries: retry.retries,
          minTimeout: retry.minDelayMs,
          maxTimeout: retry.maxDelayMs,
          factor: 2,
          randomize: true,
          shouldRetry: ({ error }) => error instanceof TransientResponse || isRetriedFailure(error),
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft, retriesConsumed }) => {
            const status = error instanceof TransientResponse ? error.response.status : undefined;
            options.logger.warn('identity request failed', {
              request: where,
              attempt: attemptNumber,
              retriesLeft,
              ...(status === undefined ? { failure: errorName(error) } : { status }),
            });
            const retried = error instanceof TransientResponse || isRetriedFailure(error);
            const retryAfterMs =
              error instanceof TransientResponse
                ? parseRetryAfter(error.response.headers['retry-after'], Date.now())
                : undefined;
            // A wait longer than we are willing to block: give up now; MSAL keeps the throttle.
            const givesUp = retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs;
            if (retried && retriesLeft > 0 && !givesUp) {
              const backoffMs = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** retriesConsumed);
              options.onRetry?.({
                what: 'getting a token',
                code:
                  status === undefined
                    ? 'ERR_TOKEN_AUTHORITY_UNREACHABLE'
                    : 'ERR_TOKEN_UNAVAILABLE',
                message: describeAttemptFailure(address, error, status),
                attempt: attemptNumber,
                retryInMs: (retryAfterMs ?? 0) + backoffMs,
              });
            }
            if (!(error instanceof TransientResponse) || retriesLeft === 0) return;
            if (retryAfterMs === undefined) return;
            if (givesUp) throw error;
            await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
          },
        },
      );
    } catch (error) {
      if (error instanceof TransientResponse) return error.response as NetworkResponse<T>;
      throw error;
    }
  };

  return {
    sendGetRequestAsync: (url, requestOptions) => send('GET', url, requestOptions),
    sendPostRequestAsync: (url, requestOptions) => send('POST', url, requestOptions),
    takeFault() {
      const taken = fault;
      fault = undefined;
      return taken;
    },
  };
}

function statusFault(response: NetworkResponse<unknown>, url: string): IssuerFault {
  const body = (
    typeof response.body === 'object' && response.body !== null ? response.body : {}
  ) as {
    error?: unknown;
    error_codes?: unknown;
  };
  const first = Array.isArray(body.error_codes) ? (body.error_codes[0] as unknown) : undefined;
  return {
    kind: 'status',
    status: response.status,
    url,
    ...(typeof body.error === 'string' ? { error: body.error.slice(0, 64) } : {}),
    ...(typeof first === 'number' ? { aadsts: first } : {}),
  };
}

function describeAttemptFailure(where: string, error: unknown, status: number | undefined): string {
  if (status !== undefined) return `${where} answered ${status}`;
  const kind = classifyNetworkError(error);
  if (kind === 'refused') return `connection refused at ${where}`;
  if (kind === 'timeout') return `no answer from ${where} in time`;
  if (kind === 'dns') return `the host of ${where} does not resolve`;
  return `${where} failed (${errorName(error)})`;
}

function exchange(
  method: 'GET' | 'POST',
  url: URL,
  options: NetworkRequestOptions | undefined,
  timeoutMs: number,
  ca: string | undefined,
): Promise<NetworkResponse<unknown>> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        headers: options?.headers ?? {},
        signal: AbortSignal.timeout(timeoutMs),
        ...(ca === undefined ? {} : { ca }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = {};
          try {
            body = text === '' ? {} : JSON.parse(text);
          } catch {
            // A proxy's HTML error page: keep the status, MSAL reports it.
          }
          resolve({ status: res.statusCode ?? 0, headers: flatten(res.headers), body });
        });
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? (options?.body ?? '') : undefined);
  });
}

/** Network failures worth another attempt; TLS failures are configuration and are not. */
function isRetriedFailure(error: unknown): boolean {
  const kind = classifyNetworkError(error);
  return kind !== undefined && kind !== 'tls';
}

function errorName(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : error.name;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
