import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ROUTES } from '../../shared/names.js';
import { decodeCursor, encodeCursor, type StandInCursor } from './standInCursor.js';
import {
  createStandInPartition,
  type StandInOrder,
  type StandInPartition,
} from './standInOrders.js';

/** One partition the stand-in serves and how many orders it holds. */
export interface StandInPartitionSpec {
  readonly name: string;
  readonly orders: number;
}

export interface OrdersStandInOptions {
  readonly partitions: readonly StandInPartitionSpec[];
  /** Added to every request before it is answered, ms; 0 answers at once (no timer). */
  readonly latencyMs: number;
  /** The client's window (most partitions in flight), for `meanRefillMs`. */
  readonly refillAfter: number;
  /** The server's clock (epoch ms): a full read's watermark and a touch's `updatedAt`. */
  readonly now?: () => number;
}

/** What the stand-in saw; the sync is judged by it as much as by its own summary. */
export interface OrdersStandInStats {
  readonly requests: number;
  readonly listingRequests: number;
  readonly pageRequests: number;
  /** First-page requests: how many times a partition's read started (once each when all is well). */
  readonly partitionStarts: number;
  /** Requests answered with anything but 200 (a malformed query or a missing bearer header). */
  readonly refused: number;
  /** The most requests in flight at once: the parallelism the sync really reached. */
  readonly maxInFlight: number;
  /** Requests in flight on average between the first request and the last response. */
  readonly meanInFlight: number;
  /** Mean time from a partition's first-page request to its last page's response, ms. */
  readonly meanPartitionMs: number;
  /**
   * Mean time from a partition's last response to the next partition's first request, once the
   * first `refillAfter` partitions have started: how long the sync takes to refill its window.
   */
  readonly meanRefillMs: number;
  /** `performance.now()` of the first request's arrival and of the last response; 0 before. */
  readonly firstRequestAt: number;
  readonly lastResponseAt: number;
}

/** One partition's share of the requests since the last reset. */
export interface StandInPartitionStats {
  readonly pageRequests: number;
  /** First pages of a full read (no `since`) and of a delta. */
  readonly fullReads: number;
  readonly deltaReads: number;
  /** Orders sent in pages (repeats included). */
  readonly ordersServed: number;
  /**
   * The client's time between a page's response and its next request, summed over the read
   * (what the client spends per page besides waiting), and the part of it in gaps of at least
   * {@link LONG_GAP_MS} (blocks staged, chunk steps, state writes) with their count.
   */
  readonly gapMs: number;
  readonly longGapMs: number;
  readonly longGaps: number;
  /**
   * Each long gap (up to {@link MAX_LONG_GAPS_KEPT}) with the 0-based ordinal of the request that
   * ended it, so a bench can tell chunk boundaries (every ORDERS_SYNC_CHUNK_PAGES) from the rest.
   */
  readonly longGapsAt: readonly { readonly page: number; readonly ms: number }[];
}

export const MAX_LONG_GAPS_KEPT = 10_000;

/** A gap between pages at least this long is a stall, not per-page work. */
export const LONG_GAP_MS = 10;

export interface OrdersStandIn {
  /** The origin, e.g. `http://127.0.0.1:49152`: the client's `ORDERS_API_BASE_URL`. */
  readonly url: string;
  /** Partition names served, in the order given. */
  readonly partitionNames: readonly string[];
  stats(): OrdersStandInStats;
  partitionStats(partition: string): StandInPartitionStats;
  /**
   * Changes `count` orders of a partition as the order system would (next status, `updatedAt` =
   * the stand-in's clock) and returns their ids.
   *
   * @throws {Error} for a partition the stand-in does not serve.
   */
  touch(partition: string, count: number): string[];
  /** Zeroes the figures, for the next run; touched orders stay touched. */
  reset(): void;
  stop(): Promise<void>;
}

/** `count` partitions `p000`, `p001`, ... of `orders` orders each. */
export function uniformPartitions(count: number, orders: number): StandInPartitionSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `p${String(i).padStart(3, '0')}`,
    orders,
  }));
}

const MAX_TOP = 1000;
/** The counted part of a partition's figures (its long gaps are kept in a list of their own). */
type PartitionCounts = Omit<StandInPartitionStats, 'longGapsAt'>;
const EMPTY_COUNTS: PartitionCounts = {
  pageRequests: 0,
  fullReads: 0,
  deltaReads: 0,
  ordersServed: 0,
  gapMs: 0,
  longGapMs: 0,
  longGaps: 0,
};

/**
 * A loopback stand-in for the Orders API, in its wire format (see
 * client-app/sync/createOrdersApiClient.ts): `GET /api/orders/partitions` →
 * `{ partitions: [{ name }] }` and paged `GET /api/orders?partition&top[&since][&continuationToken]`
 * → `{ items, continuationToken, watermark? }`, each after a fixed delay. A full read serves
 * orders by id and, on its last page, the stand-in's clock when its first page was served; a
 * delta serves orders with `updatedAt >= since` by (`updatedAt`, id) and the greatest `updatedAt`
 * it read (or `since`). Orders are generated per page (see standInOrders.ts), so a partition of a
 * million costs next to nothing to hold. It checks that a bearer header is present but does not
 * validate it: the server app's own bench measures validation.
 */
export async function startOrdersStandIn(options: OrdersStandInOptions): Promise<OrdersStandIn> {
  const now = options.now ?? Date.now;
  const partitions = new Map<string, StandInPartition>(
    options.partitions.map((spec) => [spec.name, createStandInPartition(spec.name, spec.orders)]),
  );
  const partitionNames = [...partitions.keys()];
  let perPartition = new Map<string, PartitionCounts>();
  let requests = 0;
  let listingRequests = 0;
  let pageRequests = 0;
  let partitionStarts = 0;
  let refused = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let firstRequestAt = 0;
  let lastResponseAt = 0;
  // Request-milliseconds in flight, integrated at every change, for the mean concurrency.
  let inFlightIntegral = 0;
  let lastChangeAt = 0;
  const partitionStartedAt = new Map<string, number>();
  // Per partition: when its last page was answered, for the client's gap before the next one.
  const lastPageAnsweredAt = new Map<string, number>();
  const longGaps = new Map<string, { page: number; ms: number }[]>();
  const partitionMs: number[] = [];
  const startTimes: number[] = [];
  const endTimes: number[] = [];
  const changeInFlight = (delta: number) => {
    const at = performance.now();
    if (lastChangeAt > 0) inFlightIntegral += inFlight * (at - lastChangeAt);
    lastChangeAt = at;
    inFlight += delta;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return at;
  };
  const count = (partition: string, change: Partial<PartitionCounts>) => {
    const before = perPartition.get(partition) ?? EMPTY_COUNTS;
    perPartition.set(partition, {
      pageRequests: before.pageRequests + (change.pageRequests ?? 0),
      fullReads: before.fullReads + (change.fullReads ?? 0),
      deltaReads: before.deltaReads + (change.deltaReads ?? 0),
      ordersServed: before.ordersServed + (change.ordersServed ?? 0),
      gapMs: before.gapMs + (change.gapMs ?? 0),
      longGapMs: before.longGapMs + (change.longGapMs ?? 0),
      longGaps: before.longGaps + (change.longGaps ?? 0),
    });
  };
  const timers = new Set<NodeJS.Timeout>();

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    if (status !== 200) refused += 1;
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': status === 200 ? 'application/json' : 'application/problem+json',
      'content-length': Buffer.byteLength(text),
    });
    response.end(text);
    lastResponseAt = changeInFlight(-1);
  };
  const badRequest = (response: ServerResponse, detail: string) =>
    answer(response, 400, { title: 'Bad Request', status: 400, detail });

  const route = (request: IncomingMessage, response: ServerResponse, arrivedAt: number) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if (!/^Bearer \S+$/.test(request.headers.authorization ?? '')) {
      return answer(response, 401, { title: 'Unauthorized' });
    }
    if (request.method !== 'GET') return answer(response, 405, { title: 'Method Not Allowed' });
    if (url.pathname === `/api/${ROUTES.partitions}`) {
      listingRequests += 1;
      return answer(response, 200, { partitions: partitionNames.map((name) => ({ name })) });
    }
    if (url.pathname !== `/api/${ROUTES.orders}`) {
      return answer(response, 404, { title: 'Not Found' });
    }
    const name = url.searchParams.get('partition') ?? '';
    const partition = partitions.get(name);
    if (!partition) return badRequest(response, `unknown partition "${name}"`);
    const top = Number(url.searchParams.get('top'));
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
      return badRequest(response, `"top" must be an integer from 1 to ${MAX_TOP}`);
    }
    const sinceText = url.searchParams.get('since');
    const sinceMs = sinceText === null ? null : Date.parse(sinceText);
    if (sinceMs !== null && Number.isNaN(sinceMs)) {
      return badRequest(response, '"since" must be an ISO-8601 instant');
    }
    const token = url.searchParams.get('continuationToken');
    const cursor = token ? decodeCursor(token, { partition: name, sinceMs }) : undefined;
    if (token && !cursor) return badRequest(response, 'the continuation token is not valid here');

    const page =
      sinceMs === null
        ? fullPage(partition, top, cursor)
        : deltaPage(partition, top, sinceMs, cursor);
    pageRequests += 1;
    const answeredBefore = lastPageAnsweredAt.get(name);
    const gap =
      cursor && answeredBefore !== undefined ? Math.max(0, arrivedAt - answeredBefore) : 0;
    count(name, {
      pageRequests: 1,
      ordersServed: page.items.length,
      ...(cursor ? {} : sinceMs === null ? { fullReads: 1 } : { deltaReads: 1 }),
      gapMs: gap,
      ...(gap >= LONG_GAP_MS ? { longGapMs: gap, longGaps: 1 } : {}),
    });
    if (gap >= LONG_GAP_MS) {
      const gaps = longGaps.get(name) ?? [];
      // The ordinal of this request: the counts already include it.
      const page = (perPartition.get(name)?.pageRequests ?? 1) - 1;
      if (gaps.length < MAX_LONG_GAPS_KEPT) gaps.push({ page, ms: gap });
      longGaps.set(name, gaps);
    }
    if (!cursor) {
      partitionStarts += 1;
      partitionStartedAt.set(name, arrivedAt);
      startTimes.push(arrivedAt);
    }
    answer(response, 200, page);
    lastPageAnsweredAt.set(name, lastResponseAt);
    const last = page.continuationToken === null;
    const startedAt = partitionStartedAt.get(name);
    if (last && startedAt !== undefined) partitionMs.push(lastResponseAt - startedAt);
    if (last) endTimes.push(lastResponseAt);
  };

  const fullPage = (
    partition: StandInPartition,
    top: number,
    cursor: StandInCursor | undefined,
  ) => {
    const startedMs = cursor?.kind === 'full' ? cursor.startedMs : now();
    const { items, next } = partition.fullPage(cursor?.kind === 'full' ? cursor.next : 0, top);
    return next === null
      ? { items, continuationToken: null, watermark: new Date(startedMs).toISOString() }
      : {
          items,
          continuationToken: encodeCursor({
            kind: 'full',
            partition: partition.name,
            next,
            startedMs,
          }),
        };
  };

  const deltaPage = (
    partition: StandInPartition,
    top: number,
    sinceMs: number,
    cursor: StandInCursor | undefined,
  ) => {
    const after = cursor?.kind === 'delta' ? cursor.after : null;
    const { items, more } = partition.deltaPage(sinceMs, after, top);
    const lastItem: StandInOrder | undefined = items[items.length - 1];
    const reached = lastItem
      ? { updatedAtMs: Date.parse(lastItem.updatedAt), id: lastItem.id }
      : after;
    if (more && reached) {
      return {
        items,
        continuationToken: encodeCursor({
          kind: 'delta',
          partition: partition.name,
          sinceMs,
          after: reached,
        }),
      };
    }
    // Ordered by updatedAt, so the last order read holds the greatest one.
    return {
      items,
      continuationToken: null,
      watermark: new Date(reached?.updatedAtMs ?? sinceMs).toISOString(),
    };
  };

  const server = createServer((request, response) => {
    requests += 1;
    const arrivedAt = changeInFlight(1);
    if (firstRequestAt === 0) firstRequestAt = arrivedAt;
    request.resume();
    if (options.latencyMs <= 0) return route(request, response, arrivedAt);
    const timer = setTimeout(() => {
      timers.delete(timer);
      route(request, response, arrivedAt);
    }, options.latencyMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    partitionNames,
    touch: (name, touchCount) => {
      const partition = partitions.get(name);
      if (!partition) throw new Error(`the stand-in serves no partition "${name}"`);
      return partition.touch(touchCount, now());
    },
    partitionStats: (name) => ({
      ...(perPartition.get(name) ?? EMPTY_COUNTS),
      longGapsAt: [...(longGaps.get(name) ?? [])],
    }),
    reset: () => {
      requests = listingRequests = pageRequests = partitionStarts = refused = 0;
      maxInFlight = inFlight;
      firstRequestAt = lastResponseAt = inFlightIntegral = lastChangeAt = 0;
      perPartition = new Map();
      partitionStartedAt.clear();
      lastPageAnsweredAt.clear();
      longGaps.clear();
      partitionMs.length = 0;
      startTimes.length = 0;
      endTimes.length = 0;
    },
    stats: () => ({
      requests,
      listingRequests,
      pageRequests,
      partitionStarts,
      refused,
      maxInFlight,
      meanInFlight:
        lastResponseAt > firstRequestAt ? inFlightIntegral / (lastResponseAt - firstRequestAt) : 0,
      meanRefillMs: meanRefill(startTimes, endTimes, options.refillAfter),
      meanPartitionMs: partitionMs.length
        ? partitionMs.reduce((sum, ms) => sum + ms, 0) / partitionMs.length
        : 0,
      firstRequestAt,
      lastResponseAt,
    }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Pairs the i-th partition end with the (window + i)-th partition start: with a full window,
 * each end frees the slot the next start takes. Negative gaps (a start before its paired end,
 * when the window was not full) count as 0.
 */
function meanRefill(starts: readonly number[], ends: readonly number[], window: number): number {
  const gaps: number[] = [];
  for (let i = 0; i + window < starts.length && i < ends.length; i++) {
    gaps.push(Math.max(0, (starts[i + window] ?? 0) - (ends[i] ?? 0)));
  }
  return gaps.length ? gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length : 0;
}
