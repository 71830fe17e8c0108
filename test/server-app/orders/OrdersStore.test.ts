import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AzureNamedKeyCredential, TableClient } from '@azure/data-tables';

import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import { generateOrders } from '../../../server-app/orders/generateOrders.js';
import { InvalidContinuationTokenError } from '../../../server-app/orders/InvalidContinuationTokenError.js';
import type { Order } from '../../../server-app/orders/Order.js';
import {
  createOrdersStore,
  type ListPageQuery,
  type OrdersStore,
} from '../../../server-app/orders/OrdersStore.js';
import { OrdersStoreError } from '../../../server-app/orders/OrdersStoreError.js';
import { seedOrders } from '../../../server-app/orders/seedOrders.js';
import { createAzureOrdersTable } from '../../../server-app/orders/table/createAzureOrdersTable.js';
import { createTableClient } from '../../../shared/storage/createTableClient.js';
import { writeAsBeforeTheIndex } from './writeAsBeforeTheIndex.js';

const SEED = { partitions: 3, ordersPerPartition: { min: 60, max: 140 }, seed: 'store-test' };
const END = new Date('2026-11-01T00:00:00.000Z');
/** The server clock the store is given: a full read's watermark. */
const READ_STARTED = new Date('2026-12-02T05:00:00.123Z');

let azurite: RunningAzurite;
let store: OrdersStore;
let expected: Map<string, Order[]>;

function connection(connectionString: string) {
  return { kind: 'connectionString', name: 'ORDERS_STORAGE', connectionString } as const;
}

async function pageThrough(query: Omit<ListPageQuery, 'continuationToken'>): Promise<Order[]> {
  const items: Order[] = [];
  let continuationToken: string | null = null;
  do {
    const page = await store.listPage({ ...query, continuationToken });
    assert.ok(page.items.length <= query.top, `page of ${page.items.length} > top ${query.top}`);
    items.push(...page.items);
    continuationToken = page.continuationToken;
  } while (continuationToken !== null);
  return items;
}

async function rejection(query: ListPageQuery): Promise<string> {
  const error = await store.listPage(query).then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof InvalidContinuationTokenError);
  assert.equal(error.code, 'ERR_INVALID_CONTINUATION_TOKEN');
  return error.message;
}

before(async () => {
  azurite = await startAzurite();
  store = createOrdersStore(createTableClient(connection(azurite.connectionString), 'orders'), {
    clock: () => READ_STARTED,
  });
  const result = await seedOrders(store, SEED);
  expected = new Map(
    result.partitions.map(({ name, orders }) => [
      name,
      generateOrders({ partition: name, count: orders, seed: SEED.seed, endAt: END }),
    ]),
  );
});

after(async () => {
  await azurite?.stop();
});

describe('createOrdersStore', () => {
  it('pages through each partition to exactly the seeded orders, oldest first', async () => {
    for (const [partition, orders] of expected) {
      assert.deepEqual(await pageThrough({ partition, top: 37 }), orders);
    }
  });

  it('returns a whole partition in one page when top covers it', async () => {
    const [partition, orders] = [...expected][0]!;
    assert.deepEqual(await store.listPage({ partition, top: 1000 }), {
      items: orders,
      continuationToken: null,
      watermark: READ_STARTED.toISOString(),
    });
  });

  it('returns only orders updated at or after since, from the change index, by (updatedAt, id)', async () => {
    const [partition, orders] = [...expected][1]!;
    const since = orders[Math.floor(orders.length / 2)]!.updatedAt;
    const wanted = orders
      .filter((order) => order.updatedAt >= since)
      .sort((a, b) => (a.updatedAt + a.id < b.updatedAt + b.id ? -1 : 1));
    assert.ok(wanted.length > 0 && wanted.length < orders.length);
    assert.deepEqual(await pageThrough({ partition, top: 10, since: new Date(since) }), wanted);
  });

  it('returns an empty last page for a partition without orders, with its watermark', async () => {
    assert.deepEqual(await store.listPage({ partition: 'nowhere', top: 10 }), {
      items: [],
      continuationToken: null,
      watermark: READ_STARTED.toISOString(),
    });
  });

  it('refuses a delta of a partition written before the change index, until reindexed', async () => {
    const client = createTableClient(connection(azurite.connectionString), 'oldcode');
    const orders = generateOrders({ partition: 'latam', count: 40, seed: 'old', endAt: END });
    await writeAsBeforeTheIndex(createAzureOrdersTable(client), 'latam', orders);
    const old = createOrdersStore(client);
    const since = new Date('2026-01-01T00:00:00.000Z');
    await assert.rejects(old.listPage({ partition: 'latam', top: 10, since }), {
      name: 'ChangeIndexMissingError',
      code: 'DELTA_INDEX_MISSING',
    });
    assert.deepEqual(await old.reindexPartition('latam'), {
      partition: 'latam',
      orders: 40,
      indexRowsWritten: 40,
      staleRowsRemoved: 0,
    });
    const delta = await old.listPage({ partition: 'latam', top: 1000, since });
    assert.equal(
      delta.items.length,
      orders.filter((o) => o.updatedAt >= since.toISOString()).length,
    );
    assert.deepEqual(await old.listPartitions(), [{ name: 'latam', changeIndex: true }]);
  });

  it('rejects a malformed partition as a programming error, so the index stays private', async () => {
    await assert.rejects(store.listPage({ partition: '~partitions', top: 1 }), {
      name: 'TypeError',
      message: '"partition" must be a partition name, got "~partitions"',
    });
  });

  it('rejects top outside 1 to 1000 as a programming error', async () => {
    for (const top of [0, 1001, 2.5]) {
      await assert.rejects(store.listPage({ partition: 'emea', top }), {
        name: 'TypeError',
        message: `"top" must be an integer from 1 to 1000, got ${top}`,
      });
    }
  });

  it('rejects a malformed or tampered continuation token', async () => {
    const { continuationToken } = await store.listPage({ partition: 'emea', top: 5 });
    assert.ok(continuationToken);
    const envelope = JSON.parse(Buffer.from(continuationToken, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const sdkToken = (keys: Record<string, string>) =>
      Buffer.from(JSON.stringify(keys)).toString('base64');
    const forge = (changes: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...envelope, ...changes })).toString('base64url');
    const cases: [string, string][] = [
      ['not a token!', 'is not a token this API issued (not base64url, or too long)'],
      [continuationToken.slice(0, -3), 'is not a token this API issued'],
      [forge({ v: 1 }), 'has an unsupported version; restart paging without a token'],
      [forge({ c: 'bm90IGpzb24=' }), 'is not a token this API issued'],
      [forge({ c: 42 }), 'is not a token this API issued'],
      // The SDK would throw URIError putting this in a URL: a 500 before it was refused here.
      [
        forge({ c: sdkToken({ nextPartitionKey: 'ZW1lYQ==', nextRowKey: '\uD800' }) }),
        'is not a token this API issued',
      ],
    ];
    for (const [token, reason] of cases) {
      assert.equal(
        await rejection({ partition: 'emea', top: 5, continuationToken: token }),
        `"continuationToken" ${reason}`,
      );
    }
  });

  it('rejects a continuation token issued for another partition or since', async () => {
    const { continuationToken } = await store.listPage({ partition: 'emea', top: 5 });
    assert.equal(
      await rejection({ partition: 'amer-east', top: 5, continuationToken }),
      '"continuationToken" was issued for another partition, not "amer-east"',
    );
    assert.equal(
      await rejection({ partition: 'emea', top: 5, continuationToken, since: END }),
      '"continuationToken" was issued for a different "since"; repeat the same "since"',
    );
    const filtered = await store.listPage({ partition: 'emea', top: 1, since: new Date(0) });
    assert.equal(
      await rejection({ partition: 'emea', top: 5, continuationToken: filtered.continuationToken }),
      '"continuationToken" was issued for a query with "since"; repeat the same "since"',
    );
  });

  it('lists the seeded partitions by name', async () => {
    assert.deepEqual(await store.listPartitions(), [
      { name: 'amer-east', changeIndex: true },
      { name: 'amer-west', changeIndex: true },
      { name: 'emea', changeIndex: true },
    ]);
  });

  it('fails with a non-transient store error naming a missing table', async () => {
    const missing = createOrdersStore(
      createTableClient(connection(azurite.connectionString), 'nosuchtable'),
    );
    await assert.rejects(missing.listPartitions(), (error: unknown) => {
      assert.ok(error instanceof OrdersStoreError);
      assert.equal(error.transient, false);
      assert.equal(
        error.message,
        'Table "nosuchtable" does not exist (could not list partitions): run "npm run seed" locally, or provision it',
      );
      return true;
    });
  });

  it('fails to upsert into a missing table before writing any order', async () => {
    const missing = createOrdersStore(
      createTableClient(connection(azurite.connectionString), 'notcreated'),
    );
    await assert.rejects(missing.upsertOrders([...expected.values()][0]!), {
      name: 'OrdersStoreError',
      message:
        'Table "notcreated" does not exist (could not write orders): run "npm run seed" locally, or provision it',
    });
  });

  it('fails with a transient store error when the service is unreachable', async () => {
    const unreachable = new TableClient(
      'http://127.0.0.1:9/devstoreaccount1',
      'orders',
      new AzureNamedKeyCredential('devstoreaccount1', 'a2V5'),
      { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } },
    );
    await assert.rejects(
      createOrdersStore(unreachable).listPage({ partition: 'emea', top: 1 }),
      (error: unknown) => {
        assert.ok(error instanceof OrdersStoreError);
        assert.equal(error.transient, true);
        assert.equal(
          error.message,
          'Table "orders": could not read partition "emea": ECONNREFUSED (no HTTP response)',
        );
        return true;
      },
    );
  });
});
