import type { OrdersTable, RowRange, RowWrite, StoredRow } from './OrdersTable.js';

/** What a {@link CountingOrdersTable} has seen since it was made or last reset. */
export interface TableCounts {
  /** Rows returned by queries and point reads: what a read costs the service. */
  readonly entitiesRead: number;
  /** Query pages and point reads requested. */
  readonly reads: number;
  /** Transactions submitted, committed or not. */
  readonly transactions: number;
}

/**
 * Wraps an {@link OrdersTable} and counts what goes through it, so a test or bench can show that
 * a delta reads the change index only (tens of rows), not the partition.
 */
export class CountingOrdersTable implements OrdersTable {
  readonly #inner: OrdersTable;
  #counts: TableCounts = { entitiesRead: 0, reads: 0, transactions: 0 };

  constructor(inner: OrdersTable) {
    this.#inner = inner;
  }

  get tableName(): string {
    return this.#inner.tableName;
  }

  get counts(): TableCounts {
    return this.#counts;
  }

  reset(): void {
    this.#counts = { entitiesRead: 0, reads: 0, transactions: 0 };
  }

  async queryRange(range: RowRange) {
    const page = await this.#inner.queryRange(range);
    this.#count({ entitiesRead: page.rows.length, reads: 1 });
    return page;
  }

  async getRow(partitionKey: string, rowKey: string, select?: readonly string[]) {
    const row: StoredRow | undefined = await this.#inner.getRow(partitionKey, rowKey, select);
    this.#count({ entitiesRead: row ? 1 : 0, reads: 1 });
    return row;
  }

  submitTransaction(writes: readonly RowWrite[]) {
    this.#count({ transactions: 1 });
    return this.#inner.submitTransaction(writes);
  }

  createTable() {
    return this.#inner.createTable();
  }

  #count(delta: Partial<TableCounts>): void {
    const c = this.#counts;
    this.#counts = {
      entitiesRead: c.entitiesRead + (delta.entitiesRead ?? 0),
      reads: c.reads + (delta.reads ?? 0),
      transactions: c.transactions + (delta.transactions ?? 0),
    };
  }
}
