import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import pRetry from 'p-retry';

import { parseRetryAfter } from '../../shared/http/parseRetryAfter.js';
import type { Logger } from '../../shared/logging/Logger.js';

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
export function createMsalNetworkClient(options: MsalNetworkClientOptions): INetworkModule {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const timeoutMs = options.attemptTimeoutMs ?? 10_000;

  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    requestOptions: NetworkRequestOptions | undefined,
  ): Promise<NetworkResponse<T>> => {
    const target = new URL(url);
    const where = `${method} ${target.origin}${target.pathname}`;
    try {
      return await pRetry(
        async () => {
          const response = await exchange(
            method,
            target,
            requestOptions,
            timeoutMs,
            options.trustedCaPem,
          );
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
          shouldRetry: ({ error }) => error instanceof TransientResponse || isNetworkFailure(error),
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            const status = error instanceof TransientResponse ? error.response.status : undefined;
            options.logger.warn('identity request failed', {
              request: where,
              attempt: attemptNumber,
              retriesLeft,
              ...(status === undefined ? { failure: errorName(error) } : { status }),
            });
            if (!(error instanceof TransientResponse) || retriesLeft === 0) return;
            const retryAfterMs = parseRetryAfter(error.response.headers['retry-after'], Date.now());
            if (retryAfterMs === undefined) return;
            // A wait longer than we are willing to block: give up now; MSAL keeps the throttle.
            if (retryAfterMs > retry.maxRetryAfterMs) throw error;
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
  };
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

function isNetworkFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' ||
      error.name === 'TimeoutError' ||
      /^E[A-Z]+$/.test(String((error as NodeJS.ErrnoException).code ?? '')) ||
      error.message === 'socket hang up')
  );
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
