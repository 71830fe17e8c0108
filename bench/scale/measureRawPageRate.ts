import { performance } from 'node:perf_hooks';

import { ROUTES } from '../../shared/names.js';

/** How fast the stand-in serves one partition when nothing else does any work. */
export interface RawPageRate {
  readonly orders: number;
  readonly pages: number;
  readonly ms: number;
  readonly ordersPerSecond: number;
}

interface WirePage {
  readonly items: readonly unknown[];
  readonly continuationToken: string | null;
}

/**
 * The ideal a full sync is held to: every page of a partition fetched one after another from
 * this process, with the client's page size, each parsed as JSON (a client must at least do
 * that) and nothing else — no client host, no storage, no durable steps. `maxPages` bounds the
 * loop should the server never end the read.
 *
 * @throws {Error} when a page is not answered 200.
 */
export async function measureRawPageRate(
  origin: string,
  partition: string,
  top: number,
  maxPages: number,
): Promise<RawPageRate> {
  const started = performance.now();
  let orders = 0;
  let pages = 0;
  let continuationToken: string | null = null;
  do {
    const url = new URL(`${origin}/api/${ROUTES.orders}`);
    url.searchParams.set('partition', partition);
    url.searchParams.set('top', String(top));
    if (continuationToken) url.searchParams.set('continuationToken', continuationToken);
    const response = await fetch(url, { headers: { authorization: 'Bearer bench' } });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`the stand-in answered ${response.status} for page ${pages + 1}`);
    }
    const page = (await response.json()) as WirePage;
    pages += 1;
    orders += page.items.length;
    continuationToken = page.continuationToken;
  } while (continuationToken !== null && pages < maxPages);
  const ms = performance.now() - started;
  return { orders, pages, ms, ordersPerSecond: (orders / ms) * 1000 };
}
