import { ORDER_STATUSES, type Order } from './Order.js';
import type { OrdersStore } from './OrdersStore.js';

export interface TouchOrdersOptions {
  readonly partitions: readonly string[];
  /** Orders to change in each partition (fewer when a partition holds fewer). */
  readonly count: number;
  /** The change time. */
  readonly now: Date;
  /** Picks the orders; uniform in [0, 1). */
  readonly random: () => number;
}

export interface TouchResult {
  readonly partitions: readonly { readonly name: string; readonly orders: number }[];
  readonly orders: number;
}

/**
 * Changes existing orders as the order system would: each picked order moves to its next status
 * and gets `updatedAt` = `now` (1 ms past its previous `updatedAt` if that is not earlier), written
 * through the store's guarded updates, so its change-index row moves with it.
 *
 * @throws {OrdersStoreError} from the store.
 */
export async function touchOrders(
  store: OrdersStore,
  options: TouchOrdersOptions,
): Promise<TouchResult> {
  const partitions: { name: string; orders: number }[] = [];
  for (const name of options.partitions) {
    const picked = await store.sampleOrders(name, options.count, options);
    await store.updateOrders(
      picked.map((previous) => ({ previous, next: touched(previous.order, options.now) })),
    );
    partitions.push({ name, orders: picked.length });
  }
  return { partitions, orders: partitions.reduce((sum, p) => sum + p.orders, 0) };
}

function touched(order: Order, now: Date): Order {
  const status = ORDER_STATUSES[(ORDER_STATUSES.indexOf(order.status) + 1) % ORDER_STATUSES.length];
  const updatedMs = Math.max(now.getTime(), Date.parse(order.updatedAt) + 1);
  return { ...order, status: status ?? order.status, updatedAt: new Date(updatedMs).toISOString() };
}
