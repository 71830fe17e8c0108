import {
  odata,
  RestError,
  type TableClient,
  type TableEntity,
  type TransactionAction,
} from '@azure/data-tables';

import type {
  OrdersTable,
  RowRange,
  RowWrite,
  StoredRow,
  TableRow,
  TransactionConflict,
} from './OrdersTable.js';
import { TABLE_NOT_FOUND, TableRequestError } from './TableRequestError.js';

/** {@link OrdersTable} over the Azure Tables SDK (Azure Storage, or Azurite locally). No I/O until called. */
export function createAzureOrdersTable(client: TableClient): OrdersTable {
  return {
    tableName: client.tableName,

    async queryRange(range) {
      const pages = client
        .listEntities<Record<string, unknown>>({
          queryOptions: {
            filter: rangeFilter(range),
            ...(range.select ? { select: ['PartitionKey', 'RowKey', ...range.select] } : {}),
          },
        })
        .byPage({ maxPageSize: range.top, continuationToken: range.continuationToken });
      const page = await pages.next().catch(rethrow);
      if (page.done) return { rows: [], continuationToken: undefined };
      return { rows: page.value.map(toStoredRow), continuationToken: page.value.continuationToken };
    },

    async getRow(partitionKey, rowKey, select) {
      try {
        const row = await client.getEntity<Record<string, unknown>>(partitionKey, rowKey, {
          ...(select ? { queryOptions: { select: ['PartitionKey', 'RowKey', ...select] } } : {}),
        });
        return toStoredRow(row);
      } catch (error) {
        if (
          error instanceof RestError &&
          error.statusCode === 404 &&
          errorCode(error) !== TABLE_NOT_FOUND
        ) {
          return undefined;
        }
        return rethrow(error);
      }
    },

    async submitTransaction(writes) {
      try {
        await client.submitTransaction(writes.map(toAction));
        return { committed: true };
      } catch (error) {
        const conflict = error instanceof RestError ? conflictOf(error) : undefined;
        if (conflict) return { committed: false, conflict };
        return rethrow(error);
      }
    },

    async createTable() {
      // createTable already treats "table exists" (409) as success.
      await client.createTable().catch(rethrow);
    },
  };
}

function rangeFilter({ partitionKey, from, through, before }: RowRange): string {
  const clauses = [odata`PartitionKey eq ${partitionKey}`];
  if (from !== undefined) clauses.push(odata`RowKey ge ${from}`);
  if (through !== undefined) clauses.push(odata`RowKey le ${through}`);
  if (before !== undefined) clauses.push(odata`RowKey lt ${before}`);
  return clauses.join(' and ');
}

/**
 * The SDK's entity as written: without OData metadata and the service's `timestamp` (the store
 * never uses it, and the in-memory table has none). Keys and ETag are always present on a read.
 */
function toStoredRow(entity: Record<string, unknown>): StoredRow {
  const columns = { ...entity };
  delete columns['odata.metadata'];
  delete columns.timestamp;
  return {
    ...columns,
    partitionKey: String(entity.partitionKey),
    rowKey: String(entity.rowKey),
    etag: String(entity.etag),
  };
}

function toAction(write: RowWrite): TransactionAction {
  const entity = (row: TableRow) => row as TableEntity<Record<string, unknown>>;
  switch (write.kind) {
    case 'create':
      return ['create', entity(write.row)];
    case 'replace':
      return ['update', entity(write.row), 'Replace', { etag: write.etag }];
    case 'upsert':
      return ['upsert', entity(write.row), write.mode === 'merge' ? 'Merge' : 'Replace'];
    case 'delete':
      return ['delete', { partitionKey: write.partitionKey, rowKey: write.rowKey }];
  }
}

function conflictOf(error: RestError): TransactionConflict | undefined {
  if (error.statusCode === 409 && errorCode(error) === 'EntityAlreadyExists') return 'exists';
  if (error.statusCode === 412) return 'changed';
  if (error.statusCode === 404 && errorCode(error) !== TABLE_NOT_FOUND) return 'missing';
  return undefined;
}

/** Point reads leave `code` unset and put the service's code in the details. */
function errorCode(error: RestError): string | undefined {
  const details = error.details as { errorCode?: unknown } | undefined;
  return error.code ?? (typeof details?.errorCode === 'string' ? details.errorCode : undefined);
}

function rethrow(error: unknown): never {
  if (error instanceof RestError) {
    throw new TableRequestError(error.message, {
      status: error.statusCode,
      code: errorCode(error) ?? 'error',
      cause: error,
    });
  }
  throw error;
}
