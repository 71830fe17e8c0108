/** Lifecycle of an order, in the order it usually moves through them. */
export const ORDER_STATUSES = [
  'pending',
  'paid',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * One order as the Orders API returns it.
 *
 * - `id` is a ULID: 26 Crockford base32 characters whose first 10 encode `createdAt` in
 *   milliseconds, so ids sort by creation time and pages come back oldest first.
 * - `partition` is the sales region that owns the order (`emea`, `amer-east`, ...), the unit a
 *   sync fetches.
 * - `totalAmount` is an exact decimal string in the currency's minor-unit precision (`"149.90"`
 *   EUR, `"12800"` JPY): JSON numbers are binary floats and would round money.
 * - `createdAt` / `updatedAt` are ISO-8601 UTC with milliseconds; `updatedAt` is what the
 *   `since` filter compares, so an incremental sync sees every change.
 */
export interface Order {
  readonly id: string;
  readonly partition: string;
  readonly customerId: string;
  readonly status: OrderStatus;
  /** ISO 4217 code. */
  readonly currency: string;
  readonly totalAmount: string;
  readonly itemCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A partition name: lower-case letters and digits in dash-separated words, at most 32 chars. */
export const PARTITION_NAME = /^(?=.{2,32}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** True when `name` is a well-formed partition name (it may still hold no orders). */
export function isPartitionName(name: string): boolean {
  return PARTITION_NAME.test(name);
}
