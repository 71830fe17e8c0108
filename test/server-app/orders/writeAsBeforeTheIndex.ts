import type { Order } from '../../../server-app/orders/Order.js';
import { toOrderEntity } from '../../../server-app/orders/orderEntity.js';
import { PARTITION_INDEX_KEY } from '../../../server-app/orders/OrdersStore.js';
import type { OrdersTable } from '../../../server-app/orders/table/OrdersTable.js';

/**
 * Writes orders as the store did before the change index existed: the partition registered with
 * an upsert and no flag, the order rows alone. What `--reindex` exists for.
 */
export async function writeAsBeforeTheIndex(
  table: OrdersTable,
  partition: string,
  orders: readonly Order[],
): Promise<void> {
  await table.createTable();
  await table.submitTransaction([
    {
      kind: 'upsert',
      mode: 'replace',
      row: { partitionKey: PARTITION_INDEX_KEY, rowKey: partition },
    },
  ]);
  for (let i = 0; i < orders.length; i += 100) {
    await table.submitTransaction(
      orders
        .slice(i, i + 100)
        .map((order) => ({ kind: 'upsert', mode: 'replace', row: toOrderEntity(order) }) as const),
    );
  }
}
