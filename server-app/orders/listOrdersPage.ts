import type { OrdersTable, RowPage, RowRange, StoredRow } from './table/OrdersTable.js';
import { TableRequestError } from './table/TableRequestError.js';
import { InvalidContinuationTokenError } from './InvalidContinuationTokenError.js';
import { ChangeIndexMissingError } from './ChangeIndexMissingError.js';
import { CHANGE_INDEX_COLUMNS, fromChangeIndexEntity } from './changeIndexEntity.js';
import { decodeContinuationToken, encodeContinuationToken } from './continuationToken.js';
import { isPartitionName, type Order } from './Order.js';
import { fromOrderEntity, ORDER_COLUMNS } from './orderEntity.js';
import { CHANGE_INDEX_END, changeIndexStart, ORDER_ROWS_END } from './orderRowKeys.js';
import type { PartitionRegistry } from './partitionRegistry.js';

export interface ListPageQuery {
  readonly partition: string;
  /** Page size, 1 to 1,000. */
  readonly top: number;
  /** A token from a previous page of the same query; null or omitted starts at the beginning. */
  readonly continuationToken?: string | null;
  /** A delta: orders with `updatedAt >= since` (inclusive, so a sync never misses a change). */
  readonly since?: Date | null;
}

/** One page; the last one (and only it) carries the watermark a later delta resumes from. */
export type OrdersPage =
  | {
      readonly items: readonly Order[];
      /** Pass back to get the next page. */
      readonly continuationToken: string;
      readonly watermark?: undefined;
    }
  | {
      readonly items: readonly Order[];
      readonly continuationToken: null;
      /**
       * ISO-8601 UTC with milliseconds. A full read: the server's clock when its first page was
       * served (an order changed while paging has a later `updatedAt`, so the next delta has
       * it). A delta: the greatest `updatedAt` it read, or its `since` when it read none.
       */
      readonly watermark: string;
    };

/**
 * The first request of a continued read carries the table token from the caller's continuation
 * token. Decoding it proved it well-formed, not that the service takes it: a refusal of the
 * request (400), or the SDK throwing before sending it, is the caller's token at fault, a 400,
 * never a 500.
 */
async function queryWithCallersToken(table: OrdersTable, request: RowRange): Promise<RowPage> {
  try {
    return await table.queryRange(request);
  } catch (error) {
    // What encoding or parsing a token can throw inside the SDK, before any request is sent.
    const thrownLocally = error instanceof URIError || error instanceof SyntaxError;
    const refused = error instanceof TableRequestError ? error.status === 400 : thrownLocally;
    if (!refused) throw error;
    throw new InvalidContinuationTokenError(
      '"continuationToken" is not accepted by the orders table; restart paging without a token',
      { cause: error },
    );
  }
}

/** A filtered query may return short or empty pages; refill a page at most this many times. */
const MAX_ROUND_TRIPS = 5;

/**
 * One page of a partition. A full read (no `since`) reads the order rows by id; a delta reads the
 * change index from `since`, ordered by (`updatedAt`, id), so its cost follows the changes, not
 * the partition. An order changed while a delta is paged moves to a later index position and
 * comes again later in the same delta (at least once, never lost).
 *
 * @throws {TypeError} for a malformed partition or `top` (the HTTP edge validates both first).
 * @throws {InvalidContinuationTokenError} when the token is not one issued for this query.
 * @throws {ChangeIndexMissingError} for a delta of a partition without a complete change index.
 */
export async function listOrdersPage(
  table: OrdersTable,
  registry: PartitionRegistry,
  query: ListPageQuery,
  clock: () => Date,
): Promise<OrdersPage> {
  const { partition, top, continuationToken, since } = query;
  if (!isPartitionName(partition)) {
    throw new TypeError(`"partition" must be a partition name, got "${partition}"`);
  }
  if (!Number.isInteger(top) || top < 1 || top > 1000) {
    throw new TypeError(`"top" must be an integer from 1 to 1000, got ${top}`);
  }
  const binding = { partition, since: since ? since.toISOString() : null };
  const position = continuationToken
    ? decodeContinuationToken(continuationToken, binding)
    : undefined;
  if (since && !position) {
    // Checked on a delta's first page only: a token proves the check passed, and the flag is
    // never cleared.
    const state = await registry.changeIndexOf(partition);
    if (state === 'unindexed') throw new ChangeIndexMissingError(partition);
    if (state === 'unregistered') {
      return { items: [], continuationToken: null, watermark: since.toISOString() };
    }
  }

  const range: RowRange = since
    ? {
        partitionKey: partition,
        from: changeIndexStart(since),
        before: CHANGE_INDEX_END,
        select: CHANGE_INDEX_COLUMNS,
        top,
      }
    : { partitionKey: partition, before: ORDER_ROWS_END, select: ORDER_COLUMNS, top };
  const toOrder = since
    ? (row: StoredRow) => fromChangeIndexEntity(row)
    : (row: StoredRow) => fromOrderEntity(row);
  let watermark = position?.watermark ?? (since ?? clock()).toISOString();
  let tableToken = position?.tableToken;
  const items: Order[] = [];
  for (let trip = 0; trip < MAX_ROUND_TRIPS && items.length < top; trip++) {
    const request = { ...range, top: top - items.length, continuationToken: tableToken };
    const page =
      trip === 0 && position !== undefined
        ? await queryWithCallersToken(table, request)
        : await table.queryRange(request);
    for (const row of page.rows) {
      const order = toOrder(row);
      items.push(order);
      // Fixed-width ISO strings compare as the instants they name.
      if (since && order.updatedAt > watermark) watermark = order.updatedAt;
    }
    tableToken = page.continuationToken;
    if (tableToken === undefined) break;
  }
  return tableToken === undefined
    ? { items, continuationToken: null, watermark }
    : {
        items,
        continuationToken: encodeContinuationToken(binding, { tableToken, watermark }),
      };
}
