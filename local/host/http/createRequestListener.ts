import type { IncomingMessage, ServerResponse } from 'node:http';

import type { DurableEngine, HostLog } from '../contracts.js';
import { describeError } from '../core/describeError.js';
import type { HostInvokeFunction } from '../invoke/createInvoker.js';
import type { HttpRequestData, HttpResponseData } from '../worker/workerMessages.js';
import type { Router } from './createRouter.js';
import { readRequestBody } from './readRequestBody.js';
import { requestUrl, toRequestHeaders } from './toRequestHeaders.js';
import { writeHttpResponseData } from './writeHttpResponseData.js';
import { writeWebResponse } from './writeWebResponse.js';

/** Outcome of `POST /admin/functions/{name}`. */
export type AdminInvokeResult = 'accepted' | 'notFound' | 'notInvocable';

export interface RequestListenerOptions {
  readonly router: Router;
  readonly invoke: HostInvokeFunction;
  readonly log: HostLog;
  /** `http://127.0.0.1:port`, for requests without a Host header. */
  readonly origin: () => string;
  /** Serves `/runtime/webhooks/durabletask/...`; those paths answer 404 without it. */
  readonly durableEngine?: DurableEngine | undefined;
  /** Starts a non-HTTP function now with the admin body's `input`, without awaiting it. */
  readonly invokeFromAdmin: (functionName: string, input: unknown) => AdminInvokeResult;
  readonly maxBodyBytes: number;
}

/** A Node request listener plus a way to wait for the requests it is still serving. */
export interface RequestListener {
  (request: IncomingMessage, response: ServerResponse): void;
  /** Resolves once every request in flight has been answered. */
  idle(): Promise<void>;
}

const HTTP_REASON = 'This function was programmatically called via the host APIs.';
const DURABLE_PREFIX = '/runtime/webhooks/durabletask';
const ADMIN_INVOKE = /^\/admin\/functions\/([^/]+)\/?$/i;

/**
 * Dispatches requests like the Functions host: the durable webhooks, the admin invoke API, then
 * the app's routes (404 unknown path, 405 known path with another method, 413 body over the
 * cap). A failing handler gets a 500 with an empty body; the error goes to the host log only.
 */
export function createRequestListener(options: RequestListenerOptions): RequestListener {
  const inFlight = new Set<Promise<void>>();
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const work = serve(options, request, response)
      .catch((error: unknown) => {
        options.log('error', `HTTP request failed: ${describeError(error)}`);
        if (!response.headersSent) {
          response.statusCode = 500;
          response.end();
        } else response.destroy();
      })
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  };
  return Object.assign(listener, {
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  });
}

async function serve(
  options: RequestListenerOptions,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = (request.method ?? 'GET').toUpperCase();
  const url = requestUrl(request, options.origin());
  const path = url.pathname;

  if (path.toLowerCase().startsWith(DURABLE_PREFIX)) {
    if (!options.durableEngine) return end(response, 404);
    const body = await readBody(options, request, response, method);
    if (body === undefined) return;
    const webRequest = new Request(url, {
      method,
      headers: toRequestHeaders(request),
      ...(body.length > 0 ? { body } : {}),
    });
    return writeWebResponse(await options.durableEngine.handleHttp(webRequest), response, method);
  }

  const admin = ADMIN_INVOKE.exec(path);
  if (admin?.[1] && method === 'POST') {
    const body = await readBody(options, request, response, method);
    if (body === undefined) return;
    let input: unknown;
    try {
      input =
        body.length > 0
          ? (JSON.parse(body.toString('utf8')) as { input?: unknown }).input
          : undefined;
    } catch {
      return end(response, 400);
    }
    const outcome = options.invokeFromAdmin(decodeURIComponent(admin[1]), input);
    return end(response, outcome === 'accepted' ? 202 : outcome === 'notFound' ? 404 : 400);
  }

  const match = options.router.match(method, path);
  if (match.kind === 'notFound') return end(response, 404);
  if (match.kind === 'methodNotAllowed') {
    response.setHeader('allow', match.allowed.join(', '));
    return end(response, 405);
  }
  const body = await readBody(options, request, response, method);
  if (body === undefined) return;
  // The worker builds the HttpRequest from this (local/host/worker/toHttpRequest.ts).
  const httpRequest: HttpRequestData = {
    method,
    url: url.href,
    headers: toRequestHeaders(request),
    params: match.params,
    ...(body.length > 0 && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
  };
  let result: HttpResponseData;
  try {
    // For HTTP triggers the worker answers HttpResponseData (local/host/worker/loadWorkerApp.ts).
    result = (await options.invoke(match.fn.name, httpRequest, {
      reason: HTTP_REASON,
    })) as HttpResponseData;
  } catch {
    // Already logged by the invoker (or the worker's exit by the supervisor); clients get no internals.
    return end(response, 500);
  }
  writeHttpResponseData(result, response, method);
}

/** The body, or `undefined` after answering 413 (then the connection is closed). */
async function readBody(
  options: RequestListenerOptions,
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
): Promise<Buffer | undefined> {
  const body = await readRequestBody(request, options.maxBodyBytes);
  if (body !== 'tooLarge') return method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : body;
  response.setHeader('connection', 'close');
  response.on('finish', () => request.destroy());
  end(response, 413);
  return undefined;
}

function end(response: ServerResponse, status: number): void {
  response.statusCode = status;
  response.end();
}
