import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CountingOrdersTable } from '../../../../server-app/orders/table/CountingOrdersTable.js';
import { createMemoryOrdersTable } from '../../../../server-app/orders/table/createMemoryOrdersTable.js';

describe('CountingOrdersTable', () => {
  it('counts entities read by queries and point reads, requests and transactions, until reset', async () => {
    const table = new CountingOrdersTable(createMemoryOrdersTable('counted'));
    await table.createTable();
    await table.submitTransaction(
      ['a', 'b', 'c'].map(
        (rowKey) => ({ kind: 'create', row: { partitionKey: 'p', rowKey } }) as const,
      ),
    );
    await table.queryRange({ partitionKey: 'p', top: 2 });
    await table.getRow('p', 'a');
    await table.getRow('p', 'missing');
    assert.equal(table.tableName, 'counted');
    assert.deepEqual(table.counts, { entitiesRead: 3, reads: 3, transactions: 1 });
    table.reset();
    assert.deepEqual(table.counts, { entitiesRead: 0, reads: 0, transactions: 0 });
  });
});
