import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { findSyncProblems } from '../../../bench/support/findSyncProblems.js';
import {
  startOrdersStandIn,
  uniformPartitions,
  type OrdersStandIn,
  type StandInPartitionStats,
} from '../../../bench/support/startOrdersStandIn.js';
import {
  createOrdersApiClient,
  type OrdersApiClient,
  type RemoteOrder,
} from '../../../client-app/sync/createOrdersApiClient.js';

/** The counts only: the gap figures are times, which a test does not pin. */
function counts({ pageRequests, fullReads, deltaReads, ordersServed }: StandInPartitionStats) {
  return { pageRequests, fullReads, deltaReads, ordersServed };
}

/** The stand-in's clock: fixed, so watermarks are exact. */
const CLOCK = Date.UTC(2026, 11, 1, 12);

describe('startOrdersStandIn', () => {
  let standIn: OrdersStandIn;
  let api: OrdersApiClient;
  before(async () => {
    standIn = await startOrdersStandIn({
      partitions: [...uniformPartitions(3, 20), { name: 's1m', orders: 1_000_000 }],
      latencyMs: 1,
      refillAfter: 1,
      now: () => CLOCK,
    });
    api = createOrdersApiClient({
      baseUrl: standIn.url,
      getAuthorization: () => Promise.resolve('Bearer bench'),
      requestTimeoutMs: 5_000,
      retryBudgetMs: 5_000,
    });
  });
  after(() => standIn.stop());

  /** Every page of one read, as the client's own API client parses them (the wire contract). */
  async function readAll(partition: string, top: number, since?: string) {
    const items: RemoteOrder[] = [];
    let pages = 0;
    let watermark: string | undefined;
    let continuationToken: string | null = null;
    do {
      const page = await api.getOrdersPage({
        partition,
        top,
        continuationToken,
        ...(since ? { since } : {}),
      });
      pages += 1;
      items.push(...page.items);
      continuationToken = page.continuationToken;
      watermark = page.watermark;
    } while (continuationToken && pages < 100);
    return { items, pages, watermark };
  }

  it("speaks the wire format the real client reads, so the sync bench measures the client's own path", async () => {
    standIn.reset();
    const partitions = await api.listPartitions();
    assert.deepEqual(partitions, ['p000', 'p001', 'p002', 's1m']);
    for (const partition of partitions.slice(0, 3)) {
      const read = await readAll(partition, 5);
      assert.deepEqual(
        { pages: read.pages, items: read.items.length, watermark: read.watermark },
        { pages: 4, items: 20, watermark: new Date(CLOCK).toISOString() },
      );
    }
    const stats = standIn.stats();
    assert.deepEqual(
      findSyncProblems(
        { partitions: 3, pages: 4, ordersPerPage: 5 },
        {
          runtimeStatus: 'Completed',
          output: { totals: { partitions: 3, synced: 3, failed: 0, orders: 60, pages: 12 } },
        },
        stats,
      ),
      [],
    );
    assert.deepEqual(counts(standIn.partitionStats('p001')), {
      pageRequests: 4,
      fullReads: 1,
      deltaReads: 0,
      ordersServed: 20,
    });
  });

  it('honours top up to 1,000 and refuses more', async () => {
    const page = await api.getOrdersPage({ partition: 's1m', top: 1000 });
    assert.equal(page.items.length, 1000);
    const refused = await fetch(`${standIn.url}/api/orders?partition=s1m&top=1001`, {
      headers: { authorization: 'Bearer bench' },
    });
    await refused.body?.cancel();
    assert.equal(refused.status, 400);
  });

  it('answers a delta with exactly the touched orders, ordered by (updatedAt, id), and their watermark', async () => {
    const since = new Date(CLOCK - 120_000).toISOString();
    const touched = standIn.touch('s1m', 1_000);
    standIn.reset();
    const delta = await readAll('s1m', 1000, since);
    assert.equal(delta.pages, 1, 'a delta of exactly one page takes one request');
    assert.deepEqual(new Set(delta.items.map((o) => o.id)), new Set(touched));
    assert.deepEqual(
      delta.items.map((o) => o.id),
      [...touched].sort(),
      'one updatedAt, so by id',
    );
    assert.equal(delta.watermark, new Date(CLOCK).toISOString());
    assert.deepEqual(counts(standIn.partitionStats('s1m')), {
      pageRequests: 1,
      fullReads: 0,
      deltaReads: 1,
      ordersServed: 1_000,
    });
    const paged = await readAll('s1m', 300, since);
    assert.equal(paged.pages, 4);
    assert.deepEqual(
      paged.items.map((o) => o.id),
      delta.items.map((o) => o.id),
    );
  });

  it('answers an empty delta in one request, with `since` as its watermark', async () => {
    const since = new Date(CLOCK + 1).toISOString();
    const delta = await readAll('p000', 1000, since);
    assert.deepEqual(delta, { items: [], pages: 1, watermark: since });
  });

  it("refuses another query's continuation token", async () => {
    const first = await api.getOrdersPage({ partition: 'p000', top: 5 });
    const response = await fetch(
      `${standIn.url}/api/orders?partition=p001&top=5&continuationToken=${first.continuationToken ?? ''}`,
      { headers: { authorization: 'Bearer bench' } },
    );
    await response.body?.cancel();
    assert.equal(response.status, 400);
  });
});
