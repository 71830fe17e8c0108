import type { HttpResponseInit } from '@azure/functions';

/** RFC 9457 problem details. `detail` must never carry secrets, tokens or library error text. */
export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly type?: string;
  readonly detail?: string;
  /** Extension member naming the offending request parameter, for 400s. */
  readonly parameter?: string;
  /** Other RFC 9457 extension members (e.g. `instanceId` for a 409); never secrets. */
  readonly [extension: string]: string | number | undefined;
}

export function problemResponse(
  problem: Problem,
  headers: Record<string, string> = {},
): HttpResponseInit {
  return {
    status: problem.status,
    headers: {
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      ...headers,
    },
    body: JSON.stringify({ type: 'about:blank', ...problem }),
  };
}
