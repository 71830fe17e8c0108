import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { TableClient } from '@azure/data-tables';

import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import type { Order } from '../../../server-app/orders/Order.js';
import { createOrdersStore, type OrdersStore } from '../../../server-app/orders/OrdersStore.js';
import { seedOrders } from '../../../server-app/orders/seedOrders.js';
import { createTableClient } from '../../../shared/storage/createTableClient.js';

let azurite: RunningAzurite;
let table: TableClient;
let store: OrdersStore;

async function allRows(): Promise<string[]> {
  const rows: string[] = [];
  for await (const row of table.listEntities()) {
    // etag and timestamp change on every write; compare what was written.
    const content = Object.fromEntries(
      Object.entries(row).filter(([key]) => key !== 'etag' && key !== 'timestamp'),
    );
    rows.push(JSON.stringify(content));
  }
  return rows;
}

before(async () => {
  azurite = await startAzurite();
  table = createTableClient(
    {
      kind: 'connectionString',
      name: 'ORDERS_STORAGE',
      connectionString: azurite.connectionString,
    },
    'seeded',
  );
  store = createOrdersStore(table);
});

after(async () => {
  await azurite?.stop();
});

describe('seedOrders', () => {
  it('creates the table and reports what it wrote', async () => {
    const result = await seedOrders(store, {
      partitions: 4,
      ordersPerPartition: { min: 20, max: 80 },
      seed: 'seed-test',
    });
    assert.deepEqual(result, {
      partitions: [
        { name: 'emea', orders: result.partitions[0]!.orders },
        { name: 'amer-east', orders: result.partitions[1]!.orders },
        { name: 'amer-west', orders: result.partitions[2]!.orders },
        { name: 'apac-north', orders: result.partitions[3]!.orders },
      ],
      orders: result.partitions.reduce((sum, p) => sum + p.orders, 0),
    });
    for (const { orders } of result.partitions) assert.ok(orders >= 20 && orders <= 80);
    assert.equal(new Set(result.partitions.map((p) => p.orders)).size > 1, true);
    // A change-index row per order, and one registry row per partition.
    assert.equal((await allRows()).length, 2 * result.orders + 4);
  });

  it('is idempotent: seeding again with the same options leaves the same rows', async () => {
    const before = await allRows();
    await seedOrders(store, {
      partitions: 4,
      ordersPerPartition: { min: 20, max: 80 },
      seed: 'seed-test',
    });
    assert.deepEqual(await allRows(), before);
  });

  it('writes more than one transaction per partition when needed', async () => {
    const result = await seedOrders(store, {
      partitions: ['india'],
      ordersPerPartition: 250,
      seed: 'big',
    });
    assert.deepEqual(result, { partitions: [{ name: 'india', orders: 250 }], orders: 250 });
    const page = await store.listPage({ partition: 'india', top: 1000 });
    assert.equal(page.items.length, 250);
    assert.ok(page.items.every((order: Order) => order.currency === 'INR'));
  });

  it('rejects options out of range before writing anything', async () => {
    await assert.rejects(seedOrders(store, { partitions: 13 }), {
      name: 'RangeError',
      message: '"partitions" must be an integer from 1 to 12, got 13',
    });
    await assert.rejects(seedOrders(store, { partitions: ['EMEA'] }), {
      name: 'TypeError',
      message: '"partitions": "EMEA" is not a partition name',
    });
    await assert.rejects(seedOrders(store, { ordersPerPartition: { min: 5, max: 2 } }), {
      name: 'RangeError',
      message:
        '"ordersPerPartition" must be a non-negative integer or a { min, max } range with min <= max',
    });
  });
});
