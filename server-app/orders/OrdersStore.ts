import { odata, RestError, type TableClient, type TransactionAction } from '@azure/data-tables';

import { decodeContinuationToken, encodeContinuationToken } from './continuationToken.js';
import { isPartitionName, type Order } from './Order.js';
import { fromOrderEntity, ORDER_COLUMNS, toOrderEntity } from './orderEntity.js';
import { OrdersStoreError } from './OrdersStoreError.js';

export interface ListPageQuery {
  readonly partition: string;
  /** Page size, 1 to 1,000. */
  readonly top: number;
  /** A token from a previous page of the same query; null or omitted starts at the beginning. */
  readonly continuationToken?: string | null;
  /** Only orders with `updatedAt >= since` (inclusive, so a sync never misses a change). */
  readonly since?: Date | null;
}

export interface OrdersPage {
  /** Oldest first (ids sort by creation time). */
  readonly items: readonly Order[];
  /** Pass back to get the next page; null on the last page. */
  readonly continuationToken: string | null;
}

export interface PartitionInfo {
  readonly name: string;
}

/** Orders in Azure Tables: one table partition per sales region, one row per order. */
export interface OrdersStore {
  /**
   * @throws {InvalidContinuationTokenError} when the token is not one issued for this query.
   * @throws {OrdersStoreError} when the table cannot be read.
   */
  listPage(query: ListPageQuery): Promise<OrdersPage>;
  /** Partitions that hold orders, by name. @throws {OrdersStoreError} */
  listPartitions(): Promise<readonly PartitionInfo[]>;
  /** Inserts or replaces orders, 100 per transaction, registering their partitions first. */
  upsertOrders(orders: readonly Order[]): Promise<void>;
  /** Creates the table when it does not exist. */
  ensureTable(): Promise<void>;
}

/**
 * Table Storage cannot list distinct partition keys without scanning every row, so partitions are
 * indexed as rows of this reserved partition in the same table. `~` sorts after every partition
 * name and cannot appear in one, so the index never mixes with orders.
 */
export const PARTITION_INDEX_KEY = '~partitions';

const BATCH_SIZE = 100; // the Table service's limit per transaction
const WRITE_CONCURRENCY = 4;
/** A filtered query may return short or empty pages; refill a page at most this many times. */
const MAX_ROUND_TRIPS = 5;

/**
 * The {@link OrdersStore} over one table. Does no I/O until called; the table must exist for
 * reads (see `ensureTable` and `npm run seed`).
 */
export function createOrdersStore(table: TableClient): OrdersStore {
  const fail = (action: string) => (error: unknown) => {
    throw toStoreError(error, action, table.tableName);
  };

  return {
    async listPage({ partition, top, continuationToken, since }) {
      if (!isPartitionName(partition)) {
        throw new TypeError(`"partition" must be a partition name, got "${partition}"`);
      }
      if (!Number.isInteger(top) || top < 1 || top > 1000) {
        throw new TypeError(`"top" must be an integer from 1 to 1000, got ${top}`);
      }
      const binding = { partition, since: since ? since.toISOString() : null };
      let sdkToken = continuationToken
        ? decodeContinuationToken(continuationToken, binding)
        : undefined;
      const filter = since
        ? odata`PartitionKey eq ${partition} and updatedAt ge ${since}`
        : odata`PartitionKey eq ${partition}`;
      const items: Order[] = [];
      try {
        for (let trip = 0; trip < MAX_ROUND_TRIPS && items.length < top; trip++) {
          const pages = table
            .listEntities<Record<string, unknown>>({
              queryOptions: { filter, select: ORDER_COLUMNS },
            })
            .byPage({ maxPageSize: top - items.length, continuationToken: sdkToken });
          const page = await pages.next();
          sdkToken = page.done ? undefined : page.value.continuationToken;
          if (!page.done) items.push(...page.value.map(fromOrderEntity));
          if (sdkToken === undefined) break;
        }
      } catch (error) {
        fail(`read partition "${partition}"`)(error);
      }
      return {
        items,
        continuationToken:
          sdkToken === undefined ? null : encodeContinuationToken(binding, sdkToken),
      };
    },

    async listPartitions() {
      const partitions: PartitionInfo[] = [];
      const rows = table.listEntities({
        queryOptions: { filter: odata`PartitionKey eq ${PARTITION_INDEX_KEY}`, select: ['RowKey'] },
      });
      try {
        for await (const row of rows) if (row.rowKey) partitions.push({ name: row.rowKey });
      } catch (error) {
        fail('list partitions')(error);
      }
      return partitions;
    },

    async upsertOrders(orders) {
      const byPartition = groupByPartition(orders);
      const indexRows: TransactionAction[] = [...byPartition.keys()].map((name) => [
        'upsert',
        { partitionKey: PARTITION_INDEX_KEY, rowKey: name },
        'Replace',
      ]);
      const orderBatches = [...byPartition.values()].flatMap((group) => [
        ...chunk(
          group.map((order): TransactionAction => ['upsert', toOrderEntity(order), 'Replace']),
          BATCH_SIZE,
        ),
      ]);
      // The index first: a listed partition without orders yet is harmless, while orders in an
      // unlisted partition would be missed by every sync.
      const submit = (batch: TransactionAction[]) => table.submitTransaction(batch);
      await runAll([...chunk(indexRows, BATCH_SIZE)], submit).catch(fail('register partitions'));
      await runAll(orderBatches, submit).catch(fail('upsert orders'));
    },

    async ensureTable() {
      // createTable already treats "table exists" (409) as success.
      await table.createTable().catch(fail('create it'));
    },
  };
}

function groupByPartition(orders: readonly Order[]): Map<string, Order[]> {
  const groups = new Map<string, Order[]>();
  for (const order of orders) {
    const group = groups.get(order.partition);
    if (group) group.push(order);
    else groups.set(order.partition, [order]);
  }
  return groups;
}

function* chunk<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Runs `run` over `items`, a few at a time; after the first failure no new item starts. */
async function runAll<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      await run(items[next++] as T).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, items.length) }, worker));
}

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function toStoreError(error: unknown, action: string, tableName: string): Error {
  if (error instanceof OrdersStoreError) return error;
  if (error instanceof RestError) {
    if (error.statusCode === 404) {
      return new OrdersStoreError(
        `Table "${tableName}" does not exist (could not ${action}): run "npm run seed" locally, or provision it`,
        { transient: false, cause: error },
      );
    }
    const transient = error.statusCode === undefined || TRANSIENT_STATUS.has(error.statusCode);
    return new OrdersStoreError(
      `Table "${tableName}": could not ${action}: ${error.code ?? 'error'} (${error.statusCode === undefined ? 'no HTTP response' : `HTTP ${error.statusCode}`})`,
      { transient, cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new OrdersStoreError(`Table "${tableName}": could not ${action}: ${message}`, {
    transient: false,
    cause: error,
  });
}
