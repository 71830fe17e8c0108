/**
 * Server side of the scale bench (issue 11): entities a delta of N touched orders reads against a
 * full read of the same partition, counted at the table port. The in-memory table makes 100,000
 * orders cheap; the Azurite variant shows the same counts through the real SDK at the largest
 * size Azurite seeds in reasonable time (its lookups scan the partition, so seeding slows with
 * the partition's size: no wall-time claim is made from it).
 */
import { startAzurite } from '../../local/azurite/startAzurite.js';
import {
  createOrdersStore,
  type ListPageQuery,
  type OrdersStore,
} from '../../server-app/orders/OrdersStore.js';
import { seedOrders } from '../../server-app/orders/seedOrders.js';
import { seededRandom } from '../../server-app/orders/seededRandom.js';
import { CountingOrdersTable } from '../../server-app/orders/table/CountingOrdersTable.js';
import { createAzureOrdersTable } from '../../server-app/orders/table/createAzureOrdersTable.js';
import { createMemoryOrdersTable } from '../../server-app/orders/table/createMemoryOrdersTable.js';
import type { OrdersTable } from '../../server-app/orders/table/OrdersTable.js';
import { touchOrders } from '../../server-app/orders/touchOrders.js';
import { createTableClient } from '../../shared/storage/createTableClient.js';

export interface DeltaReadFigures {
  /** Orders in the one partition. */
  readonly orders: number;
  /** Orders changed after the full read. */
  readonly touched: number;
  /** Entities the full read returned from the table. */
  readonly fullReadEntities: number;
  /** Entities the delta since the full read's watermark read (index check included). */
  readonly deltaEntities: number;
  /** deltaEntities / fullReadEntities; the target is < 0.02 for 1,000 in 100,000. */
  readonly ratio: number;
  /** Orders the delta returned: the touched ones. */
  readonly deltaItems: number;
}

export interface AzuriteDeltaReadFigures extends DeltaReadFigures {
  /** Wall time of seeding the partition on Azurite, for the seed rate. */
  readonly seedSeconds: number;
}

export interface DeltaReadOptions {
  /** Default 100,000 in memory, 20,000 on Azurite. */
  readonly orders?: number;
  /** Default 1,000. */
  readonly touched?: number;
}

const PARTITION = 'emea';
const PAGE_SIZE = 1000;

/** With the in-memory counting table: seed, full read, touch, delta since the full read. */
export async function benchDeltaReads(options: DeltaReadOptions = {}): Promise<DeltaReadFigures> {
  const { figures } = await measure(createMemoryOrdersTable(), {
    orders: options.orders ?? 100_000,
    touched: options.touched ?? 1000,
  });
  return figures;
}

/** The same on Azurite (in memory, started and stopped here), through the real SDK. */
export async function benchDeltaReadsOnAzurite(
  options: DeltaReadOptions = {},
): Promise<AzuriteDeltaReadFigures> {
  const azurite = await startAzurite();
  try {
    const client = createTableClient(
      {
        kind: 'connectionString',
        name: 'ORDERS_STORAGE',
        connectionString: azurite.connectionString,
      },
      'orders',
    );
    const { figures, seedSeconds } = await measure(createAzureOrdersTable(client), {
      orders: options.orders ?? 20_000,
      touched: options.touched ?? 1000,
    });
    return { ...figures, seedSeconds };
  } finally {
    await azurite.stop();
  }
}

async function measure(
  inner: OrdersTable,
  { orders, touched }: { orders: number; touched: number },
): Promise<{ figures: DeltaReadFigures; seedSeconds: number }> {
  const table = new CountingOrdersTable(inner);
  const store = createOrdersStore(table);
  const seedStarted = performance.now();
  await seedOrders(store, {
    partitions: [PARTITION],
    ordersPerPartition: orders,
    seed: 'bench-scale',
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  table.reset();
  const full = await readAll(store, { partition: PARTITION, top: PAGE_SIZE });
  const fullReadEntities = table.counts.entitiesRead;

  const result = await touchOrders(store, {
    partitions: [PARTITION],
    count: touched,
    now: new Date(),
    random: seededRandom('bench-scale/touch'),
  });

  // A fresh store, as a server instance that has not cached the partition's index flag.
  const reader = createOrdersStore(table);
  table.reset();
  const delta = await readAll(reader, {
    partition: PARTITION,
    top: PAGE_SIZE,
    since: new Date(full.watermark),
  });
  const deltaEntities = table.counts.entitiesRead;
  return {
    seedSeconds,
    figures: {
      orders: full.items,
      touched: result.orders,
      fullReadEntities,
      deltaEntities,
      ratio: fullReadEntities === 0 ? 0 : deltaEntities / fullReadEntities,
      deltaItems: delta.items,
    },
  };
}

/** Pages a query to its end, counting items only (memory stays flat at any size). */
async function readAll(
  store: OrdersStore,
  query: Omit<ListPageQuery, 'continuationToken'>,
): Promise<{ items: number; watermark: string }> {
  let items = 0;
  let continuationToken: string | null = null;
  for (;;) {
    const page = await store.listPage({ ...query, continuationToken });
    items += page.items.length;
    if (page.continuationToken === null) return { items, watermark: page.watermark };
    continuationToken = page.continuationToken;
  }
}
