import type { OrdersTable, StoredRow } from './table/OrdersTable.js';
import { changeIndexKey, ORDER_ROWS_END } from './orderRowKeys.js';

/** What a guarded write needs to know of an order's stored row. */
export interface StoredVersion {
  readonly etag: string;
  readonly updatedAt: string;
  /**
   * False when the order's index row is known to be missing (a row written before the change
   * index, in a partition not yet reindexed); otherwise it is assumed present.
   */
  readonly indexRow?: boolean;
}

/** Stored versions by order id; null for an order not in the table. */
export type StoredVersions = Map<string, StoredVersion | null>;

/**
 * A contiguous batch's ids (sorted) span few rows, so one range query reads them all. Past this
 * many rows in the span (ids written between others), the rest are read one by one instead.
 */
const RANGE_READ_ROWS = 100;

/**
 * The stored versions of `ids` (sorted ascending) of one partition, read with one range query
 * over their span, selecting `updatedAt` only: seeding's batches are contiguous ids, so this
 * costs about one entity per order and one request per batch.
 */
export async function readVersionsInRange(
  table: OrdersTable,
  partition: string,
  ids: readonly string[],
): Promise<StoredVersions> {
  const versions: StoredVersions = new Map(ids.map((id) => [id, null]));
  const first = ids[0];
  const last = ids[ids.length - 1];
  if (first === undefined || last === undefined) return versions;
  const page = await table.queryRange({
    partitionKey: partition,
    from: first,
    through: last,
    before: ORDER_ROWS_END,
    select: ['updatedAt'],
    top: RANGE_READ_ROWS,
  });
  for (const row of page.rows)
    if (versions.has(row.rowKey)) versions.set(row.rowKey, versionOf(row));
  if (page.continuationToken !== undefined) {
    const lastRead = page.rows[page.rows.length - 1]?.rowKey ?? '';
    const unread = ids.filter((id) => id > lastRead);
    for (const [id, version] of await readVersionsByKey(table, partition, unread, false)) {
      versions.set(id, version);
    }
  }
  return versions;
}

/**
 * The stored versions of `ids` by point reads, after a conflict: also checks, in an indexed
 * partition, that each order's current index row exists, so a write never fails for ever on an
 * index row that is not there.
 */
export async function readVersionsByKey(
  table: OrdersTable,
  partition: string,
  ids: readonly string[],
  indexed: boolean,
): Promise<StoredVersions> {
  const read = async (id: string): Promise<[string, StoredVersion | null]> => {
    const row = await table.getRow(partition, id, ['updatedAt']);
    if (!row) return [id, null];
    const version = versionOf(row);
    if (!indexed) return [id, version];
    const indexRow = await table.getRow(partition, changeIndexKey(version.updatedAt, id), []);
    return [id, { ...version, indexRow: indexRow !== undefined }];
  };
  return new Map(await Promise.all(ids.map(read)));
}

function versionOf(row: StoredRow): StoredVersion {
  // A row whose updatedAt is not a date (written by something else) counts as changed, so the
  // write replaces it with a well-formed one.
  const updatedAt = row.updatedAt instanceof Date ? row.updatedAt.toISOString() : '';
  return { etag: row.etag, updatedAt };
}
