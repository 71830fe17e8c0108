import type { TableRow } from './table/OrdersTable.js';
import type { Order } from './Order.js';
import { fromOrderEntity, ORDER_COLUMNS, toOrderEntity } from './orderEntity.js';
import { changeIndexKey } from './orderRowKeys.js';

/** An index row carries every column of the order, so a delta needs no second lookup. */
export const CHANGE_INDEX_COLUMNS: readonly string[] = [...ORDER_COLUMNS, 'orderId'];

/** The change-index row of an order: the order's columns plus its id, keyed by change time. */
export function toChangeIndexEntity(order: Order): TableRow {
  return {
    ...toOrderEntity(order),
    rowKey: changeIndexKey(order.updatedAt, order.id),
    orderId: order.id,
  };
}

/**
 * Reads a change-index row back into its order.
 *
 * @throws {Error} naming the row when it does not have the index row's shape.
 */
export function fromChangeIndexEntity(row: TableRow): Order {
  if (typeof row.orderId !== 'string') {
    throw new Error(
      `Entity ${row.partitionKey}/${row.rowKey} is not a change-index row (bad: orderId)`,
    );
  }
  return fromOrderEntity({ ...row, rowKey: row.orderId });
}
