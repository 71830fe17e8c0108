/**
 * The store's change index, deltas and guarded writes, over the in-memory table (the same
 * contract as Azure's, see table/ordersTableContract.ts), so partitions of 100,000 orders are
 * cheap and every entity read can be counted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ChangeIndexMissingError } from '../../../server-app/orders/ChangeIndexMissingError.js';
import { generateOrders } from '../../../server-app/orders/generateOrders.js';
import { InvalidContinuationTokenError } from '../../../server-app/orders/InvalidContinuationTokenError.js';
import type { Order, OrderStatus } from '../../../server-app/orders/Order.js';
import { fromOrderEntity } from '../../../server-app/orders/orderEntity.js';
import {
  createOrdersStore,
  type ListPageQuery,
  type OrdersStore,
  type VersionedOrder,
} from '../../../server-app/orders/OrdersStore.js';
import {
  changeIndexKey,
  CHANGE_INDEX_BEGIN,
  CHANGE_INDEX_END,
} from '../../../server-app/orders/orderRowKeys.js';
import { DEFAULT_SEED_END, seedOrders } from '../../../server-app/orders/seedOrders.js';
import { seededRandom } from '../../../server-app/orders/seededRandom.js';
import { CountingOrdersTable } from '../../../server-app/orders/table/CountingOrdersTable.js';
import { createMemoryOrdersTable } from '../../../server-app/orders/table/createMemoryOrdersTable.js';
import type { OrdersTable } from '../../../server-app/orders/table/OrdersTable.js';
import { writeAsBeforeTheIndex } from './writeAsBeforeTheIndex.js';

const SEED = 'change-index';
const READ_STARTED = new Date('2026-12-02T05:00:00.123Z');

interface Setup {
  readonly table: CountingOrdersTable;
  readonly store: OrdersStore;
  /** The server clock full reads stamp; tests move it. */
  clock: Date;
}

async function setup(orders = 0, partition = 'emea'): Promise<Setup & { seeded: Order[] }> {
  const table = new CountingOrdersTable(createMemoryOrdersTable());
  const state: Setup = {
    table,
    clock: READ_STARTED,
    store: createOrdersStore(table, { clock: () => state.clock }),
  };
  await seedOrders(state.store, {
    partitions: [partition],
    ordersPerPartition: orders,
    seed: SEED,
  });
  table.reset();
  const seeded = generateOrders({ partition, count: orders, seed: SEED, endAt: DEFAULT_SEED_END });
  return Object.assign(state, { seeded });
}

interface ReadResult {
  readonly items: Order[];
  readonly watermark: string;
  readonly pages: number;
}

/** Pages a query to its end; `between` runs after each page but the last. */
async function readAll(
  store: OrdersStore,
  query: Omit<ListPageQuery, 'continuationToken'>,
  between: (page: number) => unknown = () => {},
): Promise<ReadResult> {
  const items: Order[] = [];
  let continuationToken: string | null = null;
  for (let pages = 1; ; pages++) {
    const page = await store.listPage({ ...query, continuationToken });
    assert.ok(page.items.length <= query.top);
    items.push(...page.items);
    if (page.continuationToken === null) return { items, watermark: page.watermark, pages };
    assert.equal(page.watermark, undefined, 'a watermark only on the last page');
    continuationToken = page.continuationToken;
    await between(pages);
  }
}

/** The stored order with its ETag, read directly from the table. */
async function stored(table: OrdersTable, order: Order): Promise<VersionedOrder> {
  const row = await table.getRow(order.partition, order.id);
  assert.ok(row, `order ${order.id} is stored`);
  return { order: fromOrderEntity(row), etag: row.etag };
}

/** Changes orders as the order system would: a new status, `updatedAt` as given. */
async function change(s: Setup, orders: readonly Order[], updatedAt: string): Promise<void> {
  const versions = await Promise.all(orders.map((order) => stored(s.table, order)));
  await s.store.updateOrders(
    versions.map((previous) => ({
      previous,
      next: { ...previous.order, status: flipped(previous.order.status), updatedAt },
    })),
  );
}

const flipped = (status: OrderStatus): OrderStatus => (status === 'paid' ? 'shipped' : 'paid');

async function indexKeys(table: OrdersTable, partition: string): Promise<string[]> {
  const keys: string[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await table.queryRange({
      partitionKey: partition,
      from: CHANGE_INDEX_BEGIN,
      before: CHANGE_INDEX_END,
      top: 1000,
      continuationToken,
      select: [],
    });
    keys.push(...page.rows.map((row) => row.rowKey));
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined);
  return keys;
}

const byChange = (a: Order, b: Order) =>
  a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.id < b.id ? -1 : 1;
const currentIndexKeys = (orders: readonly Order[]) =>
  orders.map((o) => changeIndexKey(o.updatedAt, o.id)).sort();

describe('createOrdersStore: full reads', () => {
  it('pages orders by id and ends with the instant its first page was served', async () => {
    const s = await setup(250);
    const read = await readAll(s.store, { partition: 'emea', top: 40 }, (page) => {
      s.clock = new Date(READ_STARTED.getTime() + page * 60_000);
    });
    assert.deepEqual(read, { items: s.seeded, watermark: READ_STARTED.toISOString(), pages: 7 });
  });

  it('never shows index rows: items, entities read and listing hold orders and partitions only', async () => {
    const s = await setup(300);
    const read = await readAll(s.store, { partition: 'emea', top: 1000 });
    assert.equal(read.items.length, 300);
    assert.equal(s.table.counts.entitiesRead, 300);
    assert.equal((await indexKeys(s.table, 'emea')).length, 300);
    assert.deepEqual(await s.store.listPartitions(), [{ name: 'emea', changeIndex: true }]);
  });

  it('puts an order changed while a full read is paged in the next delta from its watermark', async () => {
    const s = await setup(120);
    const target = s.seeded[100] as Order;
    const changedAt = '2026-12-02T05:00:01.000Z';
    const read = await readAll(s.store, { partition: 'emea', top: 50 }, async (page) => {
      if (page === 1) await change(s, [target], changedAt);
    });
    const delta = await readAll(s.store, {
      partition: 'emea',
      top: 50,
      since: new Date(read.watermark),
    });
    assert.deepEqual(
      delta.items.map((o) => [o.id, o.updatedAt]),
      [[target.id, changedAt]],
    );
  });
});

describe('createOrdersStore: deltas', () => {
  it('reads changes by (updatedAt, id) from since inclusive, ending with the greatest updatedAt', async () => {
    const s = await setup(200);
    const [a, b, c, d] = [10, 20, 30, 40].map((i) => s.seeded[i] as Order) as [
      Order,
      Order,
      Order,
      Order,
    ];
    await change(s, [c, a], '2026-12-02T06:00:00.000Z');
    await change(s, [b], '2026-12-02T06:00:00.001Z');
    await change(s, [d], '2026-12-02T05:59:59.999Z');
    const delta = await readAll(s.store, {
      partition: 'emea',
      top: 2,
      since: new Date('2026-12-02T06:00:00.000Z'),
    });
    const tie = [a.id, c.id].sort();
    assert.deepEqual(
      delta.items.map((o) => o.id),
      [...tie, b.id],
    );
    assert.equal(delta.watermark, '2026-12-02T06:00:00.001Z');
    assert.deepEqual(
      delta.items.map((o) => o.status),
      delta.items.map((o) => flipped((s.seeded.find((x) => x.id === o.id) as Order).status)),
    );
  });

  it('returns every seeded order at or after since, in change order, as a full read would filter it', async () => {
    const s = await setup(500);
    const since = [...s.seeded].sort(byChange)[250]?.updatedAt as string;
    const delta = await readAll(s.store, { partition: 'emea', top: 64, since: new Date(since) });
    assert.deepEqual(delta.items, s.seeded.filter((o) => o.updatedAt >= since).sort(byChange));
  });

  it('ends an empty delta with since as its watermark, in one query after one index check', async () => {
    const s = await setup(100);
    const since = new Date('2027-01-01T00:00:00.000Z');
    // A new store: nothing cached, so the index check is a real point read.
    const store = createOrdersStore(s.table);
    s.table.reset();
    assert.deepEqual(await store.listPage({ partition: 'emea', top: 10, since }), {
      items: [],
      continuationToken: null,
      watermark: '2027-01-01T00:00:00.000Z',
    });
    assert.deepEqual(s.table.counts, { entitiesRead: 1, reads: 2, transactions: 0 });
  });

  it('answers a delta of a partition never written with nothing, reading no orders', async () => {
    const s = await setup(10);
    const since = new Date('2026-01-01T00:00:00.000Z');
    assert.deepEqual(await s.store.listPage({ partition: 'latam', top: 10, since }), {
      items: [],
      continuationToken: null,
      watermark: since.toISOString(),
    });
    assert.deepEqual(s.table.counts, { entitiesRead: 0, reads: 1, transactions: 0 });
  });

  it('gives an order changed while its delta is paged again later in the same delta, never losing it', async () => {
    const s = await setup(300);
    const changed = s.seeded.slice(0, 30);
    await change(s, changed, '2026-12-02T06:00:00.000Z');
    const [first] = [...changed].sort(byChange);
    const delta = await readAll(
      s.store,
      { partition: 'emea', top: 10, since: new Date('2026-12-02T06:00:00.000Z') },
      async (page) => {
        if (page === 1) await change(s, [first as Order], '2026-12-02T06:30:00.000Z');
      },
    );
    const seen = delta.items.filter((o) => o.id === first?.id).map((o) => o.updatedAt);
    assert.deepEqual(seen, ['2026-12-02T06:00:00.000Z', '2026-12-02T06:30:00.000Z']);
    assert.equal(new Set(delta.items.map((o) => o.id)).size, 30);
    assert.equal(delta.watermark, '2026-12-02T06:30:00.000Z');
  });

  it('keeps the running watermark in the token, so an empty last page still ends with it', async () => {
    const s = await setup(50);
    await change(s, s.seeded.slice(0, 5), '2026-12-02T06:00:00.000Z');
    const since = new Date('2026-12-02T06:00:00.000Z');
    const first = await s.store.listPage({ partition: 'emea', top: 4, since });
    assert.equal(first.items.length, 4);
    // A skewed writer moves the fifth order before `since`: the next page finds nothing.
    const [fifth] = (await readAll(s.store, { partition: 'emea', top: 10, since })).items.slice(4);
    await change(s, [fifth as Order], '2026-12-02T05:00:00.000Z');
    const last = await s.store.listPage({
      partition: 'emea',
      top: 4,
      since,
      continuationToken: first.continuationToken,
    });
    assert.deepEqual(last, {
      items: [],
      continuationToken: null,
      watermark: '2026-12-02T06:00:00.000Z',
    });
  });

  it('reads tens of rows for a delta of 10 changes in a 100,000-order partition; a full read only the orders', async () => {
    const s = await setup(100_000);
    const full = await readAll(s.store, { partition: 'emea', top: 1000 });
    assert.equal(full.items.length, 100_000);
    assert.equal(s.table.counts.entitiesRead, 100_000);
    const touched = await s.store.sampleOrders('emea', 10, {
      random: seededRandom('ten'),
      now: new Date(),
    });
    await s.store.updateOrders(
      touched.map((previous) => ({
        previous,
        next: { ...previous.order, status: 'refunded', updatedAt: '2026-12-02T06:00:00.000Z' },
      })),
    );
    s.table.reset();
    const delta = await readAll(s.store, {
      partition: 'emea',
      top: 1000,
      since: new Date(full.watermark),
    });
    assert.deepEqual(delta.items.map((o) => o.id).sort(), touched.map((v) => v.order.id).sort());
    assert.ok(s.table.counts.entitiesRead <= 11, `read ${s.table.counts.entitiesRead} entities`);
    assert.equal(delta.watermark, '2026-12-02T06:00:00.000Z');
  });

  it('refuses a forged token whose row key no URL can carry, before reaching the table', async () => {
    const s = await setup(20);
    const first = await s.store.listPage({ partition: 'emea', top: 5 });
    const envelope = JSON.parse(
      Buffer.from(first.continuationToken ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    const c = Buffer.from(
      JSON.stringify({ nextPartitionKey: 'ZW1lYQ==', nextRowKey: '\uD800' }),
    ).toString('base64');
    const forged = Buffer.from(JSON.stringify({ ...envelope, c })).toString('base64url');
    s.table.reset();
    await assert.rejects(
      s.store.listPage({ partition: 'emea', top: 5, continuationToken: forged }),
      (error: unknown) => error instanceof InvalidContinuationTokenError,
    );
    assert.equal(s.table.counts.reads, 0);
  });
});

describe('createOrdersStore: writes', () => {
  it('keeps exactly one index row per order, at its current updatedAt, as orders change', async () => {
    const s = await setup(150);
    await change(s, s.seeded.slice(0, 40), '2026-12-02T06:00:00.000Z');
    await change(s, s.seeded.slice(20, 60), '2026-12-02T07:00:00.000Z');
    const current = (await readAll(s.store, { partition: 'emea', top: 1000 })).items;
    assert.deepEqual(await indexKeys(s.table, 'emea'), currentIndexKeys(current));
    assert.equal(current.filter((o) => o.updatedAt === '2026-12-02T07:00:00.000Z').length, 40);
  });

  it('re-reads and retries a batch a concurrent writer changed, leaving the index consistent', async () => {
    const s = await setup(60);
    const target = s.seeded[5] as Order;
    const stale = await stored(s.table, target);
    // Another writer changes the same order after this one read it.
    const other = createOrdersStore(s.table);
    await other.updateOrders([
      {
        previous: stale,
        next: { ...stale.order, status: 'cancelled', updatedAt: '2026-12-02T06:00:00.000Z' },
      },
    ]);
    s.table.reset();
    await s.store.updateOrders([
      {
        previous: stale,
        next: { ...stale.order, status: 'refunded', updatedAt: '2026-12-02T07:00:00.000Z' },
      },
    ]);
    assert.equal(s.table.counts.transactions, 2, 'one conflict, one commit');
    const current = (await readAll(s.store, { partition: 'emea', top: 1000 })).items;
    assert.equal(current.find((o) => o.id === target.id)?.status, 'refunded');
    assert.deepEqual(await indexKeys(s.table, 'emea'), currentIndexKeys(current));
  });

  it('gives up with a transient store error when a batch keeps conflicting', async () => {
    const inner = createMemoryOrdersTable();
    const conflicting: OrdersTable = {
      ...inner,
      tableName: inner.tableName,
      queryRange: (range) => inner.queryRange(range),
      getRow: (p, r, select) => inner.getRow(p, r, select),
      createTable: () => inner.createTable(),
      submitTransaction: (writes) =>
        writes[0] && 'row' in writes[0] && writes[0].row.partitionKey === '~partitions'
          ? inner.submitTransaction(writes)
          : Promise.resolve({ committed: false, conflict: 'changed' }),
    };
    const store = createOrdersStore(conflicting);
    await store.ensureTable();
    await assert.rejects(
      store.upsertOrders(
        generateOrders({ partition: 'emea', count: 3, seed: 'x', endAt: DEFAULT_SEED_END }),
      ),
      {
        name: 'OrdersStoreError',
        transient: true,
        message:
          'Table "orders": could not write orders of partition "emea": still conflicting (changed) after 5 attempts',
      },
    );
  });

  it('re-seeding reads each batch with one range query and rewrites nothing unchanged', async () => {
    const s = await setup(1000);
    await seedOrders(s.store, { partitions: ['emea'], ordersPerPartition: 1000, seed: SEED });
    // One registry read, then one range query per batch of 33.
    assert.deepEqual(s.table.counts, {
      entitiesRead: 1001,
      reads: 1 + Math.ceil(1000 / 33),
      transactions: 0,
    });
  });

  it('writes a new partition without reading its orders first, 33 orders a transaction', async () => {
    const s = await setup(0);
    await seedOrders(s.store, { partitions: ['latam'], ordersPerPartition: 100, seed: SEED });
    // The registry read and its create; then 4 transactions of at most 33 orders and 66 rows.
    assert.deepEqual(s.table.counts, { entitiesRead: 0, reads: 1, transactions: 5 });
    assert.equal((await indexKeys(s.table, 'latam')).length, 100);
  });

  it('picks orders to change with a few probes, not by reading the partition', async () => {
    const s = await setup(10_000);
    const picked = await s.store.sampleOrders('emea', 50, {
      random: seededRandom('probe'),
      now: new Date(),
    });
    assert.equal(new Set(picked.map((v) => v.order.id)).size, 50);
    assert.ok(s.table.counts.entitiesRead < 200, `read ${s.table.counts.entitiesRead} entities`);
  });
});

describe('createOrdersStore: partitions written before the change index', () => {
  async function oldPartition() {
    const table = new CountingOrdersTable(createMemoryOrdersTable());
    const store = createOrdersStore(table);
    const orders = generateOrders({
      partition: 'emea',
      count: 250,
      seed: SEED,
      endAt: DEFAULT_SEED_END,
    });
    await writeAsBeforeTheIndex(table, 'emea', orders);
    const more = generateOrders({
      partition: 'emea',
      count: 260,
      seed: SEED,
      endAt: DEFAULT_SEED_END,
    });
    const ids = new Set(orders.map((o) => o.id));
    return { table, store, orders, newOrders: more.filter((o) => !ids.has(o.id)) };
  }
  const since = new Date('2026-01-01T00:00:00.000Z');

  it('refuses a delta with ChangeIndexMissingError, and new writes do not mark the partition indexed', async () => {
    const { store, orders, newOrders } = await oldPartition();
    await assert.rejects(
      store.listPage({ partition: 'emea', top: 10, since }),
      (error: unknown) => {
        assert.ok(error instanceof ChangeIndexMissingError);
        assert.equal(error.partition, 'emea');
        return true;
      },
    );
    await store.upsertOrders(newOrders);
    const [sampled] = await store.sampleOrders('emea', 1, {
      random: seededRandom('one'),
      now: new Date(),
    });
    assert.ok(sampled);
    // A change of an order without an index row must not try to remove one.
    await store.updateOrders([
      { previous: sampled, next: { ...sampled.order, updatedAt: '2026-12-02T06:00:00.000Z' } },
    ]);
    assert.deepEqual(await store.listPartitions(), [{ name: 'emea', changeIndex: false }]);
    await assert.rejects(
      store.listPage({ partition: 'emea', top: 10, since }),
      ChangeIndexMissingError,
    );
    assert.equal(
      (await readAll(store, { partition: 'emea', top: 1000 })).items.length,
      orders.length + 10,
    );
  });

  it('serves deltas once reindexed, which writes missing index rows and removes stale ones', async () => {
    const { table, store, orders, newOrders } = await oldPartition();
    await store.upsertOrders(newOrders.slice(0, 5));
    const [sampled] = await store.sampleOrders('emea', 1, {
      random: seededRandom('one'),
      now: new Date(),
    });
    assert.ok(sampled);
    // Index row written at the first change; its old one never existed. The second change
    // leaves the first change's index row stale (old index rows are not removed here).
    const first = { ...sampled.order, updatedAt: '2026-12-02T06:00:00.000Z' };
    await store.updateOrders([{ previous: sampled, next: first }]);
    const again = await stored(table, sampled.order);
    await store.updateOrders([
      { previous: again, next: { ...first, updatedAt: '2026-12-02T07:00:00.000Z' } },
    ]);

    assert.deepEqual(await store.reindexPartition('emea'), {
      partition: 'emea',
      orders: 255,
      indexRowsWritten: 250 - 1,
      staleRowsRemoved: 1,
    });
    assert.deepEqual(await store.listPartitions(), [{ name: 'emea', changeIndex: true }]);
    const current = (await readAll(store, { partition: 'emea', top: 1000 })).items;
    assert.equal(current.length, orders.length + 5);
    assert.deepEqual(await indexKeys(table, 'emea'), currentIndexKeys(current));
    const delta = await readAll(store, { partition: 'emea', top: 100, since });
    assert.deepEqual(
      delta.items,
      current.filter((o) => o.updatedAt >= since.toISOString()).sort(byChange),
    );
    assert.deepEqual(await store.reindexPartition('emea'), {
      partition: 'emea',
      orders: 255,
      indexRowsWritten: 0,
      staleRowsRemoved: 0,
    });
  });
});
