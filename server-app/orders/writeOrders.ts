import type { OrdersTable, RowWrite } from './table/OrdersTable.js';
import { toChangeIndexEntity } from './changeIndexEntity.js';
import type { Order } from './Order.js';
import { toOrderEntity } from './orderEntity.js';
import { changeIndexKey } from './orderRowKeys.js';
import { OrdersStoreError } from './OrdersStoreError.js';
import type { PartitionRegistry, Registration } from './partitionRegistry.js';
import {
  readVersionsByKey,
  readVersionsInRange,
  type StoredVersion,
  type StoredVersions,
} from './readStoredVersions.js';
import { chunk, runConcurrently } from './runConcurrently.js';

export interface OrderWrite {
  readonly order: Order;
  /** The stored version as the caller last read it (null: not stored); omitted: read it first. */
  readonly expected?: StoredVersion | null;
}

/** Called after each transaction with the orders of that partition written so far. */
export type WriteProgress = (partition: string, written: number) => void;

/**
 * A changed order takes up to three operations (its row, its new index row, its old index row
 * removed) and a transaction holds at most 100, so 33 orders (~50 KB, far below the 4 MiB cap).
 */
export const ORDERS_PER_TRANSACTION = 33;
/**
 * Transactions of one partition in flight. Azure serves ~2,000 entities/s per partition; Azurite
 * runs every request on one thread and looks each row up by scanning its partition, so it is
 * bounded by that scan (quadratic in the partition's size), not by this number.
 */
const WRITE_CONCURRENCY = 8;
/** Tries per batch when concurrent writers keep changing the same orders. */
const MAX_ATTEMPTS = 5;

/**
 * Writes orders with their change-index rows, each order and its index rows in one transaction:
 * a new order is created (409 if another writer got there first), a changed one replaced only if
 * its ETag still matches, its old index row removed in the same transaction; on any conflict the
 * batch's rows are read again and the batch retried. An order whose stored `updatedAt` equals the
 * written one is taken as unchanged and not rewritten (this domain changes `updatedAt` on every
 * change), which makes re-seeding cheap. In a partition registered before the change index,
 * old index rows are not removed (they may not exist, and removing a missing row fails the whole
 * transaction); `--reindex` removes the stale ones.
 *
 * @throws {OrdersStoreError} when a batch still conflicts after {@link MAX_ATTEMPTS} tries.
 * @throws {TableRequestError} from the table.
 */
export async function writeOrders(
  table: OrdersTable,
  registry: PartitionRegistry,
  writes: readonly OrderWrite[],
  onProgress?: WriteProgress,
): Promise<void> {
  for (const [partition, group] of groupByPartition(writes)) {
    const registration = await registry.register(partition);
    const batches = [...chunk(group, ORDERS_PER_TRANSACTION)];
    let written = 0;
    await runConcurrently(batches, WRITE_CONCURRENCY, async (batch) => {
      await writeBatch(table, partition, batch, registration);
      written += batch.length;
      onProgress?.(partition, written);
    });
  }
}

async function writeBatch(
  table: OrdersTable,
  partition: string,
  batch: readonly OrderWrite[],
  registration: Registration,
): Promise<void> {
  const ids = batch.map((write) => write.order.id);
  let versions = await firstVersions(table, partition, batch, registration);
  for (let attempt = 1; ; attempt++) {
    const writes = batch.flatMap(({ order }) =>
      rowWrites(order, versions.get(order.id) ?? null, registration.indexed),
    );
    if (writes.length === 0) return;
    const outcome = await table.submitTransaction(writes);
    if (outcome.committed) return;
    if (attempt === MAX_ATTEMPTS) {
      throw new OrdersStoreError(
        `Table "${table.tableName}": could not write orders of partition "${partition}": still conflicting (${outcome.conflict}) after ${MAX_ATTEMPTS} attempts`,
        { transient: true },
      );
    }
    versions = await readVersionsByKey(table, partition, ids, registration.indexed);
  }
}

/** What the batch starts from: what the caller read, nothing for a new partition, else a read. */
async function firstVersions(
  table: OrdersTable,
  partition: string,
  batch: readonly OrderWrite[],
  registration: Registration,
): Promise<StoredVersions> {
  const versions: StoredVersions = new Map();
  const unknown: string[] = [];
  for (const { order, expected } of batch) {
    if (expected !== undefined) versions.set(order.id, expected);
    else if (registration.created) versions.set(order.id, null);
    else unknown.push(order.id);
  }
  if (unknown.length > 0) {
    for (const [id, version] of await readVersionsInRange(table, partition, unknown)) {
      versions.set(id, version);
    }
  }
  return versions;
}

function rowWrites(order: Order, stored: StoredVersion | null, indexed: boolean): RowWrite[] {
  // A new order's index row cannot exist (rows are never deleted alone), and a create costs
  // Azurite one partition scan where an upsert costs two. A changed order's new index row may
  // exist, stale, in a partition not yet reindexed: upsert it.
  if (stored === null) {
    return [
      { kind: 'create', row: toOrderEntity(order) },
      { kind: 'create', row: toChangeIndexEntity(order) },
    ];
  }
  if (stored.updatedAt === order.updatedAt) return [];
  const writes: RowWrite[] = [
    { kind: 'replace', row: toOrderEntity(order), etag: stored.etag },
    { kind: 'upsert', mode: 'replace', row: toChangeIndexEntity(order) },
  ];
  if (indexed && stored.indexRow !== false) {
    writes.push({
      kind: 'delete',
      partitionKey: order.partition,
      rowKey: changeIndexKey(stored.updatedAt, order.id),
    });
  }
  return writes;
}

/** Per partition, by id (contiguous batches), each id once (the last write of it wins). */
function groupByPartition(writes: readonly OrderWrite[]): Map<string, readonly OrderWrite[]> {
  const first = writes[0]?.order.partition;
  // Seeding's shape (one partition, ids ascending) needs no regrouping: at 1,000,000 orders the
  // copies would cost ~100 MB.
  if (first !== undefined && isOnePartitionById(writes, first)) return new Map([[first, writes]]);
  const byPartition = new Map<string, Map<string, OrderWrite>>();
  for (const write of writes) {
    const { partition, id } = write.order;
    let group = byPartition.get(partition);
    if (!group) byPartition.set(partition, (group = new Map<string, OrderWrite>()));
    group.set(id, write);
  }
  return new Map(
    [...byPartition].map(([partition, group]) => [
      partition,
      [...group.values()].sort((a, b) => (a.order.id < b.order.id ? -1 : 1)),
    ]),
  );
}

function isOnePartitionById(writes: readonly OrderWrite[], partition: string): boolean {
  for (let i = 0; i < writes.length; i++) {
    const { order } = writes[i] as OrderWrite;
    if (order.partition !== partition) return false;
    if (i > 0 && !((writes[i - 1] as OrderWrite).order.id < order.id)) return false;
  }
  return true;
}
