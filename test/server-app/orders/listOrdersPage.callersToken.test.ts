import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { encodeContinuationToken } from '../../../server-app/orders/continuationToken.js';
import { InvalidContinuationTokenError } from '../../../server-app/orders/InvalidContinuationTokenError.js';
import { OrdersStoreError } from '../../../server-app/orders/OrdersStoreError.js';
import { createOrdersStore } from '../../../server-app/orders/OrdersStore.js';
import { createMemoryOrdersTable } from '../../../server-app/orders/table/createMemoryOrdersTable.js';
import type { OrdersTable } from '../../../server-app/orders/table/OrdersTable.js';
import { TableRequestError } from '../../../server-app/orders/table/TableRequestError.js';

/** A table whose reads with a continuation token fail with `error`. */
function tableFailingContinuations(error: Error): OrdersTable {
  const table = createMemoryOrdersTable();
  return {
    ...table,
    tableName: table.tableName,
    queryRange: (range) =>
      range.continuationToken === undefined ? table.queryRange(range) : Promise.reject(error),
  };
}

const TOKEN = encodeContinuationToken(
  { partition: 'emea', since: null },
  {
    tableToken: Buffer.from(JSON.stringify({ nextPartitionKey: 'x' })).toString('base64'),
    watermark: '2026-05-01T00:00:00.000Z',
  },
);

describe('listPage with the caller’s continuation token', () => {
  it('answers the table refusing it (400), or the SDK failing to encode it, as an invalid token', async () => {
    for (const error of [
      new TableRequestError('bad token', { status: 400, code: 'InvalidInput' }),
      new URIError('URI malformed'),
    ]) {
      const store = createOrdersStore(tableFailingContinuations(error));
      await assert.rejects(
        store.listPage({ partition: 'emea', top: 10, continuationToken: TOKEN }),
        (thrown: unknown) =>
          thrown instanceof InvalidContinuationTokenError &&
          thrown.message ===
            '"continuationToken" is not accepted by the orders table; restart paging without a token',
      );
    }
  });

  it('still reports an outage of the table as one', async () => {
    const outage = new TableRequestError('busy', { status: 503, code: 'ServerBusy' });
    const store = createOrdersStore(tableFailingContinuations(outage));
    await assert.rejects(
      store.listPage({ partition: 'emea', top: 10, continuationToken: TOKEN }),
      (thrown: unknown) => thrown instanceof OrdersStoreError && thrown.transient,
    );
  });
});
