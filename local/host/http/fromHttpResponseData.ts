import type { HttpResponseData } from '../worker/workerMessages.js';

/** Statuses whose responses carry no body (fetch's `Response` refuses one for them). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The fetch `Response` for what the worker answered; repeated `Set-Cookie` headers stay apart. */
export function fromHttpResponseData(data: HttpResponseData): Response {
  const headers = new Headers();
  for (const [name, value] of data.headers) headers.append(name, value);
  const body = NULL_BODY_STATUSES.has(data.status) ? null : data.body;
  return new Response(body, { status: data.status, headers });
}
