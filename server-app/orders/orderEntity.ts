import type { TableEntity } from '@azure/data-tables';
import { z } from 'zod';

import { ORDER_STATUSES, type Order } from './Order.js';

/**
 * How an order is stored: PartitionKey = partition, RowKey = id (time-sortable), the timestamps
 * as Edm.DateTime so `updatedAt` can be range-filtered server-side.
 */
// A type alias, not an interface, so it is assignable to the SDK's Record-typed entities.
export type OrderEntity = {
  readonly customerId: string;
  readonly status: string;
  readonly currency: string;
  readonly totalAmount: string;
  readonly itemCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

/**
 * The columns a query asks for besides the keys, so the service does not send system or stray
 * properties.
 */
export const ORDER_COLUMNS: readonly string[] = [
  'customerId',
  'status',
  'currency',
  'totalAmount',
  'itemCount',
  'createdAt',
  'updatedAt',
];

/** The row an order is stored as. */
export function toOrderEntity(order: Order): TableEntity<OrderEntity> {
  return {
    partitionKey: order.partition,
    rowKey: order.id,
    customerId: order.customerId,
    status: order.status,
    currency: order.currency,
    totalAmount: order.totalAmount,
    itemCount: order.itemCount,
    createdAt: new Date(order.createdAt),
    updatedAt: new Date(order.updatedAt),
  };
}

const storedOrder = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  customerId: z.string(),
  status: z.enum(ORDER_STATUSES),
  currency: z.string(),
  totalAmount: z.string(),
  itemCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/**
 * Reads a stored entity back into an order.
 *
 * @throws {Error} naming the row when the entity does not have the order shape (written by
 *   something else); the caller turns it into a store error.
 */
export function fromOrderEntity(entity: {
  readonly partitionKey?: string;
  readonly rowKey?: string;
  readonly [column: string]: unknown;
}): Order {
  const parsed = storedOrder.safeParse(entity);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(
      `Entity ${entity.partitionKey ?? '?'}/${entity.rowKey ?? '?'} is not an order (bad: ${fields})`,
    );
  }
  const e = parsed.data;
  return {
    id: e.rowKey,
    partition: e.partitionKey,
    customerId: e.customerId,
    status: e.status,
    currency: e.currency,
    totalAmount: e.totalAmount,
    itemCount: e.itemCount,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
