/**
 * The row keys of one order partition. Orders are keyed by id (a ULID: uppercase Crockford
 * base32, so every id sorts before `~`); the change index lives in the same partition under
 * `~u~{updatedAt}~{id}` — the intra-partition secondary index of the Table design guide
 * (https://learn.microsoft.com/azure/storage/tables/table-storage-design-patterns) — so an order
 * and its index row change in one entity-group transaction, and a delta is a range query.
 */

/** Every order row's key sorts before this one: full reads stop here and never see index rows. */
export const ORDER_ROWS_END = '~';

const CHANGE_INDEX_PREFIX = '~u~';

/** Every change-index row's key sorts at or after this one. */
export const CHANGE_INDEX_BEGIN = CHANGE_INDEX_PREFIX;

/** Every change-index row's key sorts before this one (`~` follows every digit of a timestamp). */
export const CHANGE_INDEX_END = `${CHANGE_INDEX_PREFIX}~`;

/**
 * The index row of an order as of `updatedAt` (ISO-8601 with milliseconds, as
 * `Date#toISOString` writes it: fixed width, so string order is time order, then id order).
 */
export function changeIndexKey(updatedAt: string, id: string): string {
  return `${CHANGE_INDEX_PREFIX}${updatedAt}~${id}`;
}

/** The first index key a delta `since` reads: every change at or after it sorts at or after. */
export function changeIndexStart(since: Date): string {
  return `${CHANGE_INDEX_PREFIX}${since.toISOString()}`;
}
