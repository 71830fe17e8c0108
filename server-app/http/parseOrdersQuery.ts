import type { Problem } from '../../shared/http/problemResponse.js';
import { decodeContinuationToken } from '../orders/continuationToken.js';
import { InvalidContinuationTokenError } from '../orders/InvalidContinuationTokenError.js';
import { isPartitionName } from '../orders/Order.js';

/** A validated `GET /api/orders` query. */
export interface OrdersQuery {
  readonly partition: string;
  readonly top: number;
  readonly continuationToken: string | null;
  readonly since: Date | null;
}

export interface PageSizeLimits {
  /** `top` when none is given. */
  readonly defaultPageSize: number;
  /** The largest `top` accepted. */
  readonly maxPageSize: number;
}

export type ParsedOrdersQuery =
  | { readonly ok: true; readonly query: OrdersQuery }
  | { readonly ok: false; readonly problem: Problem };

const PARAMETERS = ['partition', 'top', 'continuationToken', 'since'] as const;
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?Z$/;

/**
 * Validates the query string of `GET /api/orders`. `partition` is required (a partition name,
 * see `GET /api/orders/partitions`); `top` is an integer from 1 to the maximum; `since` is an
 * ISO-8601 UTC timestamp ending in `Z`; an empty `continuationToken` means the first page, any
 * other must be one this API issued for the same `partition` and `since` (decoded here, so that
 * nothing a client made up reaches the store). Unknown or repeated parameters are refused, so a
 * misspelt `contiuationToken` cannot silently restart paging.
 */
export function parseOrdersQuery(
  params: URLSearchParams,
  limits: PageSizeLimits,
): ParsedOrdersQuery {
  for (const name of new Set(params.keys())) {
    if (!(PARAMETERS as readonly string[]).includes(name)) {
      return bad(name, `"${name}" is not a parameter of this API; use ${PARAMETERS.join(', ')}`);
    }
    if (params.getAll(name).length > 1) return bad(name, `"${name}" must be given at most once`);
  }

  const partition = params.get('partition') ?? '';
  if (partition === '') {
    return bad('partition', '"partition" is required: a partition name such as "emea"');
  }
  if (!isPartitionName(partition)) {
    return bad(
      'partition',
      '"partition" must be a partition name: lower-case letters and digits in dash-separated words, at most 32 characters',
    );
  }

  const topText = params.get('top');
  const top = topText === null ? limits.defaultPageSize : Number(topText);
  if (topText !== null && (!/^\d{1,7}$/.test(topText) || top < 1 || top > limits.maxPageSize)) {
    return bad('top', `"top" must be an integer from 1 to ${limits.maxPageSize}`);
  }

  const sinceText = params.get('since');
  const since = sinceText === null ? null : parseUtcTimestamp(sinceText);
  if (since === undefined) {
    return bad('since', '"since" must be an ISO-8601 UTC timestamp such as 2026-11-01T00:00:00Z');
  }

  const continuationToken = params.get('continuationToken') || null;
  if (continuationToken !== null) {
    const binding = { partition, since: since === null ? null : since.toISOString() };
    try {
      decodeContinuationToken(continuationToken, binding);
    } catch (error) {
      if (!(error instanceof InvalidContinuationTokenError)) throw error;
      return bad('continuationToken', error.message);
    }
  }
  return { ok: true, query: { partition, top, continuationToken, since } };
}

/** Parses `YYYY-MM-DDTHH:mm:ss[.fraction]Z` exactly: no offsets, no impossible dates. */
function parseUtcTimestamp(text: string): Date | undefined {
  const match = ISO_UTC.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Table Storage keeps milliseconds; finer digits are dropped, which only widens `>=`.
  const ms = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  // Date.UTC rolls 2026-02-30 over to March 2: an impossible date does not survive the round trip.
  const valid =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  return valid ? date : undefined;
}

function bad(parameter: string, detail: string): ParsedOrdersQuery {
  return {
    ok: false,
    problem: { status: 400, title: 'Invalid request parameter', detail, parameter },
  };
}
