import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { generateOrders } from '../../../server-app/orders/generateOrders.js';
import { createOrdersStore } from '../../../server-app/orders/OrdersStore.js';
import { DEFAULT_SEED_END, seedOrders } from '../../../server-app/orders/seedOrders.js';
import { seededRandom } from '../../../server-app/orders/seededRandom.js';
import { touchOrders } from '../../../server-app/orders/touchOrders.js';
import { createMemoryOrdersTable } from '../../../server-app/orders/table/createMemoryOrdersTable.js';

const NOW = new Date('2026-12-02T05:00:00.000Z');

describe('touchOrders', () => {
  it('moves N orders per partition to their next status at now, and the delta since now has exactly them', async () => {
    const store = createOrdersStore(createMemoryOrdersTable());
    await seedOrders(store, { partitions: ['emea', 'latam'], ordersPerPartition: 200, seed: 't' });
    const result = await touchOrders(store, {
      partitions: ['emea', 'latam', 'india'],
      count: 7,
      now: NOW,
      random: seededRandom('touch'),
    });
    assert.deepEqual(result, {
      partitions: [
        { name: 'emea', orders: 7 },
        { name: 'latam', orders: 7 },
        { name: 'india', orders: 0 },
      ],
      orders: 14,
    });
    const next = {
      pending: 'paid',
      paid: 'shipped',
      shipped: 'delivered',
      delivered: 'cancelled',
      cancelled: 'refunded',
      refunded: 'pending',
    } as const;
    for (const partition of ['emea', 'latam']) {
      const seeded = new Map(
        generateOrders({ partition, count: 200, seed: 't', endAt: DEFAULT_SEED_END }).map((o) => [
          o.id,
          o,
        ]),
      );
      const delta = await store.listPage({ partition, top: 100, since: NOW });
      assert.equal(delta.items.length, 7);
      for (const order of delta.items) {
        const before = seeded.get(order.id);
        assert.ok(before);
        assert.deepEqual(order, {
          ...before,
          status: next[before.status],
          updatedAt: NOW.toISOString(),
        });
      }
    }
  });

  it('moves updatedAt 1 ms past its previous value when now is not later', async () => {
    const store = createOrdersStore(createMemoryOrdersTable());
    await seedOrders(store, { partitions: ['emea'], ordersPerPartition: 20, seed: 't' });
    const early = new Date('2020-01-01T00:00:00.000Z');
    await touchOrders(store, {
      partitions: ['emea'],
      count: 3,
      now: early,
      random: seededRandom('early'),
    });
    const delta = await store.listPage({ partition: 'emea', top: 100, since: early });
    const seeded = new Map(
      generateOrders({ partition: 'emea', count: 20, seed: 't', endAt: DEFAULT_SEED_END }).map(
        (o) => [o.id, o],
      ),
    );
    const moved = delta.items.filter((o) => o.status !== seeded.get(o.id)?.status);
    assert.equal(moved.length, 3);
    for (const order of moved) {
      assert.equal(
        Date.parse(order.updatedAt),
        Date.parse(seeded.get(order.id)?.updatedAt ?? '') + 1,
      );
    }
  });
});
