import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  startOrdersStandIn,
  type OrdersStandIn,
} from '../../../bench/support/startOrdersStandIn.js';
import { findSyncProblems } from '../../../bench/support/findSyncProblems.js';
import { createOrdersApiClient } from '../../../client-app/sync/createOrdersApiClient.js';

describe('startOrdersStandIn', () => {
  let standIn: OrdersStandIn;
  before(async () => {
    standIn = await startOrdersStandIn({
      partitions: 3,
      pagesPerPartition: 4,
      ordersPerPage: 5,
      latencyMs: 1,
      refillAfter: 1,
    });
  });
  after(() => standIn.stop());

  it("speaks the wire format the real client reads, so the sync bench measures the client's own path", async () => {
    const api = createOrdersApiClient({
      baseUrl: standIn.url,
      getAuthorization: () => Promise.resolve('Bearer bench'),
      requestTimeoutMs: 5_000,
      retryBudgetMs: 5_000,
    });
    const partitions = await api.listPartitions();
    assert.deepEqual(partitions, ['p000', 'p001', 'p002']);
    for (const partition of partitions) {
      let pages = 0;
      let items = 0;
      let continuationToken: string | null = null;
      do {
        const page = await api.getOrdersPage({ partition, top: 5, continuationToken });
        pages += 1;
        items += page.items.length;
        continuationToken = page.continuationToken;
      } while (continuationToken);
      assert.deepEqual({ pages, items }, { pages: 4, items: 20 });
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
    assert.equal(stats.refused, 0);
  });
});
