import type { OrdersTable, StoredRow } from './table/OrdersTable.js';
import type { Order } from './Order.js';
import { fromOrderEntity, ORDER_COLUMNS } from './orderEntity.js';
import { ORDER_ROWS_END } from './orderRowKeys.js';
import { ulid, ulidTime } from './ulid.js';

/** An order as stored, with the ETag a guarded update presents. */
export interface VersionedOrder {
  readonly order: Order;
  readonly etag: string;
}

export interface SampleOrdersOptions {
  /** Uniform in [0, 1). */
  readonly random: () => number;
  /** The latest creation time a probe aims at (ids are ULIDs of creation time). */
  readonly now: Date;
}

/** Probes per wanted order before giving up on a partition smaller than the sample. */
const PROBES_PER_ORDER = 4;

/**
 * Up to `count` distinct orders of a partition, picked by random probes (`RowKey ge <random
 * ULID>`, one row each) between the first order's creation time and `now`, so picking costs about
 * one entity per order whatever the partition's size. A probe that lands on an order already
 * picked takes the one after it. Fewer come back when the partition holds fewer (or the probes
 * keep missing: at most {@link PROBES_PER_ORDER} per order, plus a few).
 */
export async function sampleOrders(
  table: OrdersTable,
  partition: string,
  count: number,
  { random, now }: SampleOrdersOptions,
): Promise<VersionedOrder[]> {
  const probe = async (from: string, rows: number) =>
    (
      await table.queryRange({
        partitionKey: partition,
        from,
        before: ORDER_ROWS_END,
        select: ORDER_COLUMNS,
        top: rows,
      })
    ).rows;
  const picked = new Map<string, VersionedOrder>();
  const pick = (row: StoredRow) =>
    picked.set(row.rowKey, { order: fromOrderEntity(row), etag: row.etag });
  const [first] = count > 0 ? await probe('', 1) : [];
  if (!first) return [];
  const low = ulidTime(first.rowKey) ?? 0;
  const span = Math.max(1, now.getTime() - low);
  for (let probes = 0; picked.size < count && probes < PROBES_PER_ORDER * count + 8; probes++) {
    const [hit] = await probe(ulid(low + Math.floor(random() * span), random), 1);
    if (!hit) continue;
    if (!picked.has(hit.rowKey)) {
      pick(hit);
      continue;
    }
    const [, after] = await probe(hit.rowKey, 2);
    if (after && !picked.has(after.rowKey)) pick(after);
  }
  return [...picked.values()];
}
