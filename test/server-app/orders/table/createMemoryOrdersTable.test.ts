import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createMemoryOrdersTable } from '../../../../server-app/orders/table/createMemoryOrdersTable.js';
import type { RowWrite } from '../../../../server-app/orders/table/OrdersTable.js';
import { describeOrdersTableContract } from './ordersTableContract.js';

describeOrdersTableContract('createMemoryOrdersTable', {
  table: async () => {
    const table = createMemoryOrdersTable();
    await table.createTable();
    return table;
  },
  missingTable: () => createMemoryOrdersTable('missing'),
});

describe('createMemoryOrdersTable', () => {
  it('refuses a transaction the service would refuse: over 100 writes, two partitions, a row twice', async () => {
    const table = createMemoryOrdersTable();
    await table.createTable();
    const create = (partitionKey: string, rowKey: string): RowWrite => ({
      kind: 'create',
      row: { partitionKey, rowKey },
    });
    const cases: [RowWrite[], string][] = [
      [
        Array.from({ length: 101 }, (_, i) => create('p', `r${i}`)),
        'Invalid transaction: 101 operations, more than 100',
      ],
      [[create('p', 'a'), create('q', 'b')], 'Invalid transaction: more than one partition'],
      [[create('p', 'a'), create('p', 'a')], 'Invalid transaction: row "a" appears twice'],
      [[], 'Invalid transaction: no operations'],
    ];
    for (const [writes, message] of cases) {
      await assert.rejects(table.submitTransaction(writes), {
        name: 'TableRequestError',
        status: 400,
        message,
      });
    }
  });

  it('serves pages of at most 1,000 rows', async () => {
    const table = createMemoryOrdersTable();
    await table.createTable();
    await assert.rejects(table.queryRange({ partitionKey: 'p', top: 1001 }), { status: 400 });
  });

  it('keeps stored dates safe from a reader that mutates what it got', async () => {
    const table = createMemoryOrdersTable();
    await table.createTable();
    await table.submitTransaction([
      { kind: 'create', row: { partitionKey: 'p', rowKey: 'a', at: new Date(0) } },
    ]);
    const read = await table.getRow('p', 'a');
    (read?.at as Date).setTime(5);
    assert.deepEqual((await table.getRow('p', 'a'))?.at, new Date(0));
  });
});
