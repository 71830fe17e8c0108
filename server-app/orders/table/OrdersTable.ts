/**
 * The few Azure Tables operations the orders store needs, so the store runs unchanged over the
 * real service (Azurite locally) and over an in-memory table that tests and benches can fill with
 * 100,000s of rows. Every operation stays inside one partition: that is all the store's key
 * layout ever asks for, and all an entity-group transaction allows.
 */
export interface OrdersTable {
  readonly tableName: string;
  /**
   * One page of a partition's rows in RowKey order, within the bounds given (all optional).
   *
   * @throws {TableRequestError} e.g. status 404 code `TableNotFound`.
   */
  queryRange(range: RowRange): Promise<RowPage>;
  /** One row, or undefined when it does not exist. @throws {TableRequestError} */
  getRow(
    partitionKey: string,
    rowKey: string,
    select?: readonly string[],
  ): Promise<StoredRow | undefined>;
  /**
   * Applies every write or none (an entity-group transaction: one partition, at most
   * {@link MAX_TRANSACTION_WRITES} writes, each row once). A failed precondition is an outcome,
   * not an error, because the store answers it by re-reading and trying again.
   *
   * @throws {TableRequestError} for anything else (table missing, malformed batch, outage).
   */
  submitTransaction(writes: readonly RowWrite[]): Promise<TransactionOutcome>;
  /** Creates the table; an existing table is success. @throws {TableRequestError} */
  createTable(): Promise<void>;
}

/** The Table service's limit on operations in one entity-group transaction. */
export const MAX_TRANSACTION_WRITES = 100;
/** The Table service's limit on rows in one query response. */
export const MAX_PAGE_ROWS = 1000;

/** A row to write: its keys and columns. Date values are stored as Edm.DateTime. */
export interface TableRow {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly [column: string]: unknown;
}

/** A row as read: with the ETag a conditional write must present. */
export interface StoredRow extends TableRow {
  readonly etag: string;
}

export interface RowRange {
  readonly partitionKey: string;
  /** RowKey >= from. */
  readonly from?: string;
  /** RowKey <= through. */
  readonly through?: string;
  /** RowKey < before. */
  readonly before?: string;
  /** Columns to return besides the keys and ETag; every column when omitted. */
  readonly select?: readonly string[];
  /** Most rows on this page, 1 to {@link MAX_PAGE_ROWS}; a page may hold fewer and still continue. */
  readonly top: number;
  /** From the previous page of the same range; omitted starts at the range's beginning. */
  readonly continuationToken?: string;
}

export interface RowPage {
  readonly rows: readonly StoredRow[];
  /**
   * The service's own token, base64 JSON `{ nextPartitionKey, nextRowKey }`; undefined on the
   * range's last page.
   */
  readonly continuationToken: string | undefined;
}

export type RowWrite =
  /** Insert; fails with `exists` when the row is there. */
  | { readonly kind: 'create'; readonly row: TableRow }
  /** Replace every column, only if the stored row still has `etag`. */
  | { readonly kind: 'replace'; readonly row: TableRow; readonly etag: string }
  /** Insert or update; `merge` keeps columns the row does not name. */
  | { readonly kind: 'upsert'; readonly row: TableRow; readonly mode: 'merge' | 'replace' }
  /**
   * Delete whatever version is stored; fails with `missing` when the row is not there. (The SDK's
   * transactions delete unconditionally, so the port offers no ETag here.)
   */
  | { readonly kind: 'delete'; readonly partitionKey: string; readonly rowKey: string };

/**
 * `exists`: a create met a row (409). `changed`: a row's ETag no longer matched (412).
 * `missing`: a replace or delete met no row (404).
 */
export type TransactionConflict = 'exists' | 'changed' | 'missing';

export type TransactionOutcome =
  | { readonly committed: true }
  | { readonly committed: false; readonly conflict: TransactionConflict };
