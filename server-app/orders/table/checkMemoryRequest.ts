import { MAX_PAGE_ROWS, MAX_TRANSACTION_WRITES, type RowWrite } from './OrdersTable.js';
import { TableRequestError } from './TableRequestError.js';

/**
 * The in-memory table's refusals of what the Table service refuses with 400, so a store bug
 * (a batch over the limit, two partitions in one transaction) fails in tests as it would in Azure.
 */
export function checkBatch(writes: readonly RowWrite[]): void {
  const first = writes[0];
  const invalid = (why: string) =>
    new TableRequestError(`Invalid transaction: ${why}`, { status: 400, code: 'InvalidInput' });
  if (!first) throw invalid('no operations');
  if (writes.length > MAX_TRANSACTION_WRITES) {
    throw invalid(`${writes.length} operations, more than ${MAX_TRANSACTION_WRITES}`);
  }
  const seen = new Set<string>();
  for (const write of writes) {
    const { partitionKey, rowKey } = keysOf(write);
    if (partitionKey !== keysOf(first).partitionKey) throw invalid('more than one partition');
    if (seen.has(rowKey)) throw invalid(`row "${rowKey}" appears twice`);
    seen.add(rowKey);
  }
}

export function checkTop(top: number): void {
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_ROWS) {
    throw new TableRequestError(`top must be 1 to ${MAX_PAGE_ROWS}, got ${top}`, {
      status: 400,
      code: 'InvalidInput',
    });
  }
}

export function keysOf(write: RowWrite): { partitionKey: string; rowKey: string } {
  return write.kind === 'delete' ? write : write.row;
}
