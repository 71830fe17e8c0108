import {
  type OrdersTable,
  type RowPage,
  type RowRange,
  type RowWrite,
  type StoredRow,
  type TableRow,
  type TransactionOutcome,
} from './OrdersTable.js';
import { checkBatch, checkTop, keysOf } from './checkMemoryRequest.js';
import { decodeMemoryToken, encodeMemoryToken } from './memoryContinuationToken.js';
import { SortedKeys } from './SortedKeys.js';
import { TABLE_NOT_FOUND, TableRequestError } from './TableRequestError.js';

interface MemoryRow {
  readonly columns: Readonly<Record<string, unknown>>;
  readonly etag: string;
}

interface MemoryPartition {
  readonly keys: SortedKeys;
  readonly rows: Map<string, MemoryRow>;
}

/**
 * {@link OrdersTable} in memory, with the service's semantics where the store depends on them:
 * rows in RowKey order, ETags that change on every write, all-or-nothing transactions with the
 * same conflicts (409 exists, 412 changed, 404 missing), pages of at most 1,000 rows, and the
 * SDK-shaped continuation token (base64 JSON of base64 keys, as Azurite issues), so the store's
 * token handling is exercised exactly as against Azure. Until `createTable` runs, every
 * operation fails with 404 TableNotFound.
 */
export function createMemoryOrdersTable(tableName = 'orders'): OrdersTable {
  const partitions = new Map<string, MemoryPartition>();
  let created = false;
  let version = 0;

  const requireTable = () => {
    if (!created) {
      throw new TableRequestError(`Table "${tableName}" does not exist`, {
        status: 404,
        code: TABLE_NOT_FOUND,
      });
    }
  };
  const partitionOf = (key: string): MemoryPartition => {
    let partition = partitions.get(key);
    if (!partition) {
      partition = { keys: new SortedKeys(), rows: new Map() };
      partitions.set(key, partition);
    }
    return partition;
  };

  return {
    tableName,

    queryRange: (range) =>
      settle(() => {
        requireTable();
        checkTop(range.top);
        const partition = partitions.get(range.partitionKey);
        const start = startKey(range);
        if (!partition || start === undefined) return emptyPage();
        const rows: StoredRow[] = [];
        let next: string | undefined;
        for (const key of partition.keys.from(start)) {
          if (!withinEnd(key, range)) break;
          if (rows.length === range.top) {
            next = key;
            break;
          }
          const row = partition.rows.get(key) as MemoryRow;
          rows.push(toStoredRow(range.partitionKey, key, row, range.select));
        }
        return {
          rows,
          continuationToken:
            next === undefined ? undefined : encodeMemoryToken(range.partitionKey, next),
        };
      }),

    getRow: (partitionKey, rowKey, select) =>
      settle(() => {
        requireTable();
        const row = partitions.get(partitionKey)?.rows.get(rowKey);
        return row ? toStoredRow(partitionKey, rowKey, row, select) : undefined;
      }),

    submitTransaction: (writes) =>
      settle(() => {
        requireTable();
        checkBatch(writes);
        const partitionKey = keysOf(writes[0] as RowWrite).partitionKey;
        const partition = partitionOf(partitionKey);
        const outcome = precondition(partition, writes);
        if (!outcome.committed) return outcome;
        for (const write of writes) {
          const { rowKey } = keysOf(write);
          if (write.kind === 'delete') {
            partition.rows.delete(rowKey);
            partition.keys.delete(rowKey);
            continue;
          }
          const existing = partition.rows.get(rowKey);
          const columns =
            write.kind === 'upsert' && write.mode === 'merge' && existing
              ? { ...existing.columns, ...columnsOf(write.row) }
              : columnsOf(write.row);
          partition.rows.set(rowKey, { columns, etag: `W/"memory-${++version}"` });
          if (!existing) partition.keys.insert(rowKey);
        }
        return outcome;
      }),

    createTable() {
      created = true;
      return Promise.resolve();
    },
  };
}

/** Runs `work` as the service would answer: later, and a throw becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

/** Checks every write's precondition before applying any, so a failed batch changes nothing. */
function precondition(partition: MemoryPartition, writes: readonly RowWrite[]): TransactionOutcome {
  for (const write of writes) {
    const existing = partition.rows.get(keysOf(write).rowKey);
    if (write.kind === 'create' && existing) return { committed: false, conflict: 'exists' };
    if ((write.kind === 'replace' || write.kind === 'delete') && !existing) {
      return { committed: false, conflict: 'missing' };
    }
    if (write.kind === 'replace' && write.etag !== existing?.etag) {
      return { committed: false, conflict: 'changed' };
    }
  }
  return { committed: true };
}

function columnsOf(row: TableRow): Record<string, unknown> {
  const columns = cloneDates(row);
  for (const key of ['partitionKey', 'rowKey', 'etag']) delete columns[key];
  return columns;
}

function toStoredRow(
  partitionKey: string,
  rowKey: string,
  row: MemoryRow,
  select: readonly string[] | undefined,
): StoredRow {
  const columns = select
    ? Object.fromEntries(select.filter((c) => c in row.columns).map((c) => [c, row.columns[c]]))
    : row.columns;
  return { ...cloneDates(columns), partitionKey, rowKey, etag: row.etag };
}

/** Dates are mutable: a reader must not change what is stored, as it cannot over the wire. */
function cloneDates(columns: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(columns)) {
    copy[name] = value instanceof Date ? new Date(value.getTime()) : value;
  }
  return copy;
}

/**
 * Where a page starts: the range's lower bound, moved up to a continuation token's position.
 * Like the service, a token names a position in the whole table, so one for an earlier
 * partition starts this one from its beginning and one for a later partition yields nothing.
 */
function startKey(range: RowRange): string | undefined {
  const from = range.from ?? '';
  if (range.continuationToken === undefined) return from;
  const next = decodeMemoryToken(range.continuationToken);
  if (next.partitionKey < range.partitionKey) return from;
  if (next.partitionKey > range.partitionKey) return undefined;
  return next.rowKey > from ? next.rowKey : from;
}

function withinEnd(key: string, range: RowRange): boolean {
  return (
    (range.through === undefined || key <= range.through) &&
    (range.before === undefined || key < range.before)
  );
}

function emptyPage(): RowPage {
  return { rows: [], continuationToken: undefined };
}
