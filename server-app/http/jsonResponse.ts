import type { HttpResponseInit } from '@azure/functions';

/** A JSON response that no cache keeps: orders change and are per-caller authorised. */
export function jsonResponse(body: unknown, status = 200): HttpResponseInit {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify(body),
  };
}
