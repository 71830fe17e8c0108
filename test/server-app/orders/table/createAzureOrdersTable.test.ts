import { after, before } from 'node:test';

import { startAzurite, type RunningAzurite } from '../../../../local/azurite/startAzurite.js';
import { createAzureOrdersTable } from '../../../../server-app/orders/table/createAzureOrdersTable.js';
import { createTableClient } from '../../../../shared/storage/createTableClient.js';
import { describeOrdersTableContract } from './ordersTableContract.js';

let azurite: RunningAzurite;
let tables = 0;

before(async () => {
  azurite = await startAzurite();
});

after(async () => {
  await azurite?.stop();
});

const client = (name: string) =>
  createTableClient(
    {
      kind: 'connectionString',
      name: 'ORDERS_STORAGE',
      connectionString: azurite.connectionString,
    },
    name,
  );

describeOrdersTableContract('createAzureOrdersTable on Azurite', {
  table: async () => {
    const table = createAzureOrdersTable(client(`contract${++tables}`));
    await table.createTable();
    return table;
  },
  missingTable: () => createAzureOrdersTable(client('nevercreated')),
});
