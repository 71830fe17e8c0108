import {
  MAX_PAGE_ROWS,
  MAX_TRANSACTION_WRITES,
  type OrdersTable,
  type RowRange,
  type RowWrite,
  type StoredRow,
} from './table/OrdersTable.js';
import { toChangeIndexEntity } from './changeIndexEntity.js';
import { fromOrderEntity, ORDER_COLUMNS } from './orderEntity.js';
import {
  CHANGE_INDEX_BEGIN,
  CHANGE_INDEX_END,
  changeIndexKey,
  ORDER_ROWS_END,
} from './orderRowKeys.js';
import type { PartitionRegistry } from './partitionRegistry.js';
import { chunk, runConcurrently } from './runConcurrently.js';

export interface ReindexResult {
  readonly partition: string;
  readonly orders: number;
  /** Index rows that were missing (orders written before the index) and are now written. */
  readonly indexRowsWritten: number;
  /** Index rows of an order's earlier `updatedAt`, removed. */
  readonly staleRowsRemoved: number;
}

const TRANSACTION_CONCURRENCY = 8;

/**
 * Builds or repairs a partition's change index, then marks it complete so deltas are served:
 * reads the index keys, then the orders page by page, writing each order's missing index row and
 * finally removing index rows no order has as its current one. Holds one set of index keys in
 * memory (empty for a partition written before the index), never the orders. Safe to run again;
 * run it while nothing else writes the partition (a write racing the scan can leave a stale index
 * row, which shows a consumer an older copy before the current one; running it again removes it).
 */
export async function reindexPartition(
  table: OrdersTable,
  registry: PartitionRegistry,
  partition: string,
): Promise<ReindexResult> {
  const stale = new Set<string>();
  await forEachPage(
    table,
    { partitionKey: partition, from: CHANGE_INDEX_BEGIN, before: CHANGE_INDEX_END, select: [] },
    (rows) => {
      for (const row of rows) stale.add(row.rowKey);
    },
  );
  let orders = 0;
  let indexRowsWritten = 0;
  await forEachPage(
    table,
    { partitionKey: partition, before: ORDER_ROWS_END, select: ORDER_COLUMNS },
    async (rows) => {
      const missing: RowWrite[] = [];
      for (const row of rows) {
        const order = fromOrderEntity(row);
        // What remains in `stale` after the scan is no order's current index row.
        if (!stale.delete(changeIndexKey(order.updatedAt, order.id))) {
          missing.push({ kind: 'upsert', mode: 'replace', row: toChangeIndexEntity(order) });
        }
      }
      orders += rows.length;
      indexRowsWritten += missing.length;
      await submitAll(table, missing);
    },
  );
  const removals = [...stale].map((rowKey): RowWrite => ({
    kind: 'delete',
    partitionKey: partition,
    rowKey,
  }));
  await submitAll(table, removals);
  await registry.markIndexed(partition);
  return { partition, orders, indexRowsWritten, staleRowsRemoved: removals.length };
}

async function forEachPage(
  table: OrdersTable,
  range: Omit<RowRange, 'top' | 'continuationToken'>,
  onPage: (rows: readonly StoredRow[]) => unknown,
): Promise<void> {
  let continuationToken: string | undefined;
  do {
    const page = await table.queryRange({ ...range, top: MAX_PAGE_ROWS, continuationToken });
    await onPage(page.rows);
    continuationToken = page.continuationToken;
  } while (continuationToken !== undefined);
}

/**
 * Upserts and deletes in transactions of 100; a batch that conflicts (an index row another writer
 * removed meanwhile) is retried row by row, skipping the rows already gone.
 */
async function submitAll(table: OrdersTable, writes: readonly RowWrite[]): Promise<void> {
  await runConcurrently(
    [...chunk(writes, MAX_TRANSACTION_WRITES)],
    TRANSACTION_CONCURRENCY,
    async (batch) => {
      if ((await table.submitTransaction(batch)).committed) return;
      for (const write of batch) await table.submitTransaction([write]);
    },
  );
}
