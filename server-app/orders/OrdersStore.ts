import { TableClient } from '@azure/data-tables';

import { createAzureOrdersTable } from './table/createAzureOrdersTable.js';
import type { OrdersTable } from './table/OrdersTable.js';
import { ChangeIndexMissingError } from './ChangeIndexMissingError.js';
import { InvalidContinuationTokenError } from './InvalidContinuationTokenError.js';
import { listOrdersPage, type ListPageQuery, type OrdersPage } from './listOrdersPage.js';
import type { Order } from './Order.js';
import { createPartitionRegistry, type PartitionInfo } from './partitionRegistry.js';
import { reindexPartition, type ReindexResult } from './reindexPartition.js';
import { sampleOrders, type SampleOrdersOptions, type VersionedOrder } from './sampleOrders.js';
import { toStoreError } from './toStoreError.js';
import { writeOrders, type WriteProgress } from './writeOrders.js';

export type { ListPageQuery, OrdersPage } from './listOrdersPage.js';
export { PARTITION_INDEX_KEY, type PartitionInfo } from './partitionRegistry.js';
export type { ReindexResult } from './reindexPartition.js';
export type { VersionedOrder } from './sampleOrders.js';

/** A change to an order read with {@link OrdersStore.sampleOrders}: same id and partition. */
export interface OrderUpdate {
  readonly previous: VersionedOrder;
  readonly next: Order;
}

/**
 * Orders in Azure Tables: one table partition per sales region, one row per order, plus a change
 * index in the same partition (see `orderRowKeys.ts`) that deltas read.
 */
export interface OrdersStore {
  /**
   * @throws {InvalidContinuationTokenError} when the token is not one issued for this query.
   * @throws {ChangeIndexMissingError} for a delta of a partition whose index is not built.
   * @throws {OrdersStoreError} when the table cannot be read.
   */
  listPage(query: ListPageQuery): Promise<OrdersPage>;
  /** Partitions that hold orders, by name. @throws {OrdersStoreError} */
  listPartitions(): Promise<readonly PartitionInfo[]>;
  /**
   * Inserts or replaces orders with their change-index rows, registering their partitions first
   * (see `writeOrders.ts` for the transactions and their guards). Orders of one partition should
   * come as contiguous ids, as seeding writes them: each transaction's rows are read with one
   * range query. @throws {OrdersStoreError}
   */
  upsertOrders(orders: readonly Order[], onProgress?: WriteProgress): Promise<void>;
  /** Writes changes to orders read before, guarded by the ETags read. @throws {OrdersStoreError} */
  updateOrders(updates: readonly OrderUpdate[]): Promise<void>;
  /** Up to `count` distinct orders of a partition, without reading it all. @throws {OrdersStoreError} */
  sampleOrders(
    partition: string,
    count: number,
    options: SampleOrdersOptions,
  ): Promise<readonly VersionedOrder[]>;
  /** Builds or repairs a partition's change index (`npm run seed -- --reindex`). @throws {OrdersStoreError} */
  reindexPartition(partition: string): Promise<ReindexResult>;
  /** Creates the table when it does not exist. */
  ensureTable(): Promise<void>;
}

export interface OrdersStoreOptions {
  /** The server's clock, which stamps a full read's watermark. Default `new Date()`. */
  readonly clock?: () => Date;
}

/**
 * The {@link OrdersStore} over one table: an {@link OrdersTable} (the in-memory one in tests), or
 * the SDK's `TableClient`. Does no I/O until called; the table must exist for reads (see
 * `ensureTable` and `npm run seed`).
 */
export function createOrdersStore(
  tableOrClient: OrdersTable | TableClient,
  options: OrdersStoreOptions = {},
): OrdersStore {
  const table =
    tableOrClient instanceof TableClient ? createAzureOrdersTable(tableOrClient) : tableOrClient;
  const clock = options.clock ?? (() => new Date());
  const registry = createPartitionRegistry(table);
  const guard = async <T>(action: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof InvalidContinuationTokenError) throw error;
      if (error instanceof ChangeIndexMissingError) throw error;
      if (error instanceof TypeError) throw error;
      throw toStoreError(error, action, table.tableName);
    }
  };

  return {
    listPage: (query) =>
      guard(`read partition "${query.partition}"`, () =>
        listOrdersPage(table, registry, query, clock),
      ),

    // Registry rows come back in RowKey order, that is by name.
    listPartitions: () => guard('list partitions', () => registry.list()),

    upsertOrders: (orders, onProgress) =>
      guard('write orders', () =>
        writeOrders(
          table,
          registry,
          orders.map((order) => ({ order })),
          onProgress,
        ),
      ),

    updateOrders: async (updates) => {
      for (const { previous, next } of updates) {
        if (previous.order.id !== next.id || previous.order.partition !== next.partition) {
          throw new TypeError(
            `an update must keep the order's id and partition, got ${previous.order.partition}/${previous.order.id} → ${next.partition}/${next.id}`,
          );
        }
      }
      const writes = updates.map(({ previous, next }) => ({
        order: next,
        expected: { etag: previous.etag, updatedAt: previous.order.updatedAt },
      }));
      return guard('write orders', () => writeOrders(table, registry, writes));
    },

    sampleOrders: (partition, count, sampling) =>
      guard(`read partition "${partition}"`, () => sampleOrders(table, partition, count, sampling)),

    reindexPartition: (partition) =>
      guard(`reindex partition "${partition}"`, () => reindexPartition(table, registry, partition)),

    ensureTable: () => guard('create it', () => table.createTable()),
  };
}
