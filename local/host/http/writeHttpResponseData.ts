import type { ServerResponse } from 'node:http';

import type { HttpResponseData } from '../worker/workerMessages.js';

/** Statuses whose responses carry no body (RFC 9110 §6.4.1). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Writes what the worker answered, already buffered, to the Node response in one `end`: status,
 * headers (each `Set-Cookie` apart), then the body unless the status or HEAD forbids one.
 */
export function writeHttpResponseData(
  data: HttpResponseData,
  target: ServerResponse,
  method: string,
): void {
  target.statusCode = data.status;
  const cookies: string[] = [];
  for (const [name, value] of data.headers) {
    if (name.toLowerCase() === 'set-cookie') cookies.push(value);
    else target.appendHeader(name, value);
  }
  if (cookies.length > 0) target.setHeader('set-cookie', cookies);
  const bodiless = data.body === null || NULL_BODY_STATUSES.has(data.status) || method === 'HEAD';
  target.end(bodiless ? undefined : data.body);
}
