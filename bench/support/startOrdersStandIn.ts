import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ROUTES } from '../../shared/names.js';

export interface OrdersStandInOptions {
  readonly partitions: number;
  readonly pagesPerPartition: number;
  readonly ordersPerPage: number;
  /** Added to every request before it is answered, ms. */
  readonly latencyMs: number;
  /** The client's window (most partitions in flight), for `meanRefillMs`. */
  readonly refillAfter: number;
}

/** What the stand-in saw; the sync is judged by it as much as by its own summary. */
export interface OrdersStandInStats {
  readonly requests: number;
  readonly listingRequests: number;
  readonly pageRequests: number;
  /** First-page requests: how many times a partition's sync started (once each when all is well). */
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

export interface OrdersStandIn {
  /** The origin, e.g. `http://127.0.0.1:49152`: the client's `ORDERS_API_BASE_URL`. */
  readonly url: string;
  /** Partition names served, `p000`, `p001`, ... */
  readonly partitionNames: readonly string[];
  stats(): OrdersStandInStats;
  /** Zeroes the figures, for the next run. */
  reset(): void;
  stop(): Promise<void>;
}

/**
 * A loopback stand-in for the Orders API, in its wire format (see
 * client-app/sync/createOrdersApiClient.ts): `GET /api/orders/partitions` →
 * `{ partitions: [{ name }] }` and paged `GET /api/orders?partition&top&continuationToken` →
 * `{ items, continuationToken }`, each after a fixed delay. It checks that a bearer header is
 * present but does not validate it: the server app's own bench measures validation.
 */
export async function startOrdersStandIn(options: OrdersStandInOptions): Promise<OrdersStandIn> {
  const partitionNames = Array.from(
    { length: options.partitions },
    (_, i) => `p${String(i).padStart(3, '0')}`,
  );
  const known = new Set(partitionNames);
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
  const partitionMs: number[] = [];
  const startTimes: number[] = [];
  const endTimes: number[] = [];
  const changeInFlight = (delta: number) => {
    const now = performance.now();
    if (lastChangeAt > 0) inFlightIntegral += inFlight * (now - lastChangeAt);
    lastChangeAt = now;
    inFlight += delta;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return now;
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
    if (url.pathname !== `/api/${ROUTES.orders}`)
      return answer(response, 404, { title: 'Not Found' });
    const partition = url.searchParams.get('partition') ?? '';
    const page = Number(url.searchParams.get('continuationToken') ?? '0');
    if (!known.has(partition) || !Number.isInteger(page) || page < 0) {
      return answer(response, 400, { title: 'Bad Request' });
    }
    pageRequests += 1;
    if (page === 0) {
      partitionStarts += 1;
      partitionStartedAt.set(partition, arrivedAt);
      startTimes.push(arrivedAt);
    }
    const last = page + 1 >= options.pagesPerPartition;
    answer(response, 200, {
      items: Array.from({ length: options.ordersPerPage }, (_, i) =>
        sampleOrder(partition, page * options.ordersPerPage + i),
      ),
      continuationToken: last ? null : String(page + 1),
    });
    const startedAt = partitionStartedAt.get(partition);
    if (last && startedAt !== undefined) partitionMs.push(lastResponseAt - startedAt);
    if (last) endTimes.push(lastResponseAt);
  };

  const server = createServer((request, response) => {
    requests += 1;
    const arrivedAt = changeInFlight(1);
    if (firstRequestAt === 0) firstRequestAt = arrivedAt;
    request.resume();
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
    reset: () => {
      requests = listingRequests = pageRequests = partitionStarts = refused = 0;
      maxInFlight = inFlight;
      firstRequestAt = lastResponseAt = inFlightIntegral = lastChangeAt = 0;
      partitionStartedAt.clear();
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

/** An order in the API's shape; ids are unique per partition and stable across runs. */
function sampleOrder(partition: string, index: number) {
  const at = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
  return {
    id: `${partition}-${String(index).padStart(6, '0')}`,
    partition,
    customerId: `c${index % 97}`,
    status: 'paid',
    currency: 'EUR',
    totalAmount: `${(index % 500) + 10}.00`,
    itemCount: (index % 5) + 1,
    createdAt: at,
    updatedAt: at,
  };
}
