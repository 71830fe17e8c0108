/**
 * The orders of one stand-in partition, generated from their index instead of held: a partition
 * of a million orders costs a few numbers plus what was changed (a touched-order overlay), so the
 * bench process measures the client, not its own garbage collector.
 *
 * Order `i` was created at `BASE_CREATED_MS + i × STEP_MS` and last updated an hour later; ids are
 * ULID-shaped (creation time first), so id order, creation order and (for untouched orders)
 * `updatedAt` order are all index order. Every untouched `updatedAt` lies in January 2025, long
 * before any run, so only touched orders fall inside a delta's window.
 */

/** An order in the Orders API's wire shape (server-app/orders/Order.ts). */
export interface StandInOrder {
  readonly id: string;
  readonly partition: string;
  readonly customerId: string;
  readonly status: string;
  readonly currency: string;
  readonly totalAmount: string;
  readonly itemCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A delta's position: the (`updatedAt`, id) of the last order it served. */
export interface DeltaKey {
  readonly updatedAtMs: number;
  readonly id: string;
}

export const BASE_CREATED_MS = Date.UTC(2025, 0, 1);
export const STEP_MS = 1_000;
const UPDATE_DELAY_MS = 3_600_000;
// Untouched orders are delivered (index 0); each touch moves an order to the next status.
const STATUSES = ['delivered', 'refunded', 'cancelled', 'shipped', 'paid'] as const;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What a touch changed: the order's new status and `updatedAt`. */
interface Change {
  readonly index: number;
  readonly id: string;
  /** Index into STATUSES: each touch moves the order to the next one. */
  readonly status: number;
  readonly updatedAtMs: number;
}

export interface StandInPartition {
  readonly name: string;
  readonly size: number;
  /** The ids of the orders changed so far (each once, however often it was touched). */
  readonly touchedCount: number;
  /**
   * Changes `count` distinct orders (spread over the partition, a different set each call):
   * the next status and `updatedAt` = `nowMs`. Returns their ids.
   */
  touch(count: number, nowMs: number): string[];
  /** A full read: orders `from` … `from + top − 1` by id; `next` is null after the last. */
  fullPage(from: number, top: number): { items: StandInOrder[]; next: number | null };
  /**
   * A delta: up to `top` orders with `updatedAt >= sinceMs` after `after`, by (`updatedAt`, id).
   * Answered from the overlay and arithmetic on the index, never by generating the partition.
   */
  deltaPage(
    sinceMs: number,
    after: DeltaKey | null,
    top: number,
  ): { items: StandInOrder[]; more: boolean };
}

export function createStandInPartition(name: string, size: number): StandInPartition {
  const changes = new Map<number, Change>();
  // The overlay sorted by (updatedAt, id): rebuilt on touch (rare), binary-searched per page.
  let byChange: Change[] = [];
  let touchRound = 0;

  const order = (index: number): StandInOrder => {
    const change = changes.get(index);
    return baseOrder(name, index, change);
  };

  return {
    name,
    size,
    get touchedCount() {
      return changes.size;
    },
    touch(count, nowMs) {
      const n = Math.min(Math.max(0, Math.floor(count)), size);
      if (n === 0) return [];
      const stride = Math.max(1, Math.floor(size / n));
      const offset = touchRound++ % stride;
      const ids: string[] = [];
      for (let k = 0; k < n; k++) {
        const index = (offset + k * stride) % size;
        const previous = changes.get(index);
        const status = ((previous?.status ?? 0) + 1) % STATUSES.length;
        // A change never moves an order back in time, even if the caller's clock does.
        const updatedAtMs = Math.max(nowMs, (previous?.updatedAtMs ?? 0) + 1);
        const id = orderId(name, index);
        changes.set(index, { index, id, status, updatedAtMs });
        ids.push(id);
      }
      byChange = [...changes.values()].sort(compareKeys);
      return ids;
    },
    fullPage(from, top) {
      const end = Math.min(size, from + top);
      const items: StandInOrder[] = [];
      for (let i = Math.max(0, from); i < end; i++) items.push(order(i));
      return { items, next: end < size ? end : null };
    },
    deltaPage(sinceMs, after, top) {
      // Untouched orders from the first one past the position, then the overlay, merged.
      let base = firstBaseIndexFrom(sinceMs, size);
      if (after) {
        base = Math.max(base, firstBaseIndexFrom(after.updatedAtMs, size));
        while (base < size && compareKeys(baseKey(name, base), after) <= 0) base++;
      }
      let changed = lowerBound(
        byChange,
        (c) => c.updatedAtMs >= sinceMs && (!after || compareKeys(c, after) > 0),
      );
      const items: StandInOrder[] = [];
      // One more than a page, so the last page says it is the last (no empty trailing request).
      // Bounded: each step consumes an index or a change.
      while (items.length <= top) {
        while (base < size && changes.has(base)) base++;
        const nextChange = byChange[changed];
        const nextBase = base < size ? baseKey(name, base) : undefined;
        if (nextChange === undefined && nextBase === undefined) break;
        if (
          nextChange !== undefined &&
          (nextBase === undefined || compareKeys(nextChange, nextBase) < 0)
        ) {
          items.push(order(nextChange.index));
          changed++;
        } else {
          items.push(order(base));
          base++;
        }
      }
      const more = items.length > top;
      if (more) items.length = top;
      return { items, more };
    },
  };
}

/** (updatedAt, id) order, the delta's order. */
export function compareKeys(a: DeltaKey, b: DeltaKey): number {
  if (a.updatedAtMs !== b.updatedAtMs) return a.updatedAtMs - b.updatedAtMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function baseKey(partition: string, index: number): DeltaKey {
  return { updatedAtMs: baseUpdatedMs(index), id: orderId(partition, index) };
}

function baseUpdatedMs(index: number): number {
  return BASE_CREATED_MS + index * STEP_MS + UPDATE_DELAY_MS;
}

/** The first index whose untouched `updatedAt` is at or after `ms` (`size` when none). */
function firstBaseIndexFrom(ms: number, size: number): number {
  const index = Math.ceil((ms - BASE_CREATED_MS - UPDATE_DELAY_MS) / STEP_MS);
  return Math.min(size, Math.max(0, index));
}

/** The first position in a sorted array where `isAtOrPast` holds (it must be monotonic). */
function lowerBound<T>(items: readonly T[], isAtOrPast: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isAtOrPast(items[middle] as T)) high = middle;
    else low = middle + 1;
  }
  return low;
}

function baseOrder(partition: string, index: number, change: Change | undefined): StandInOrder {
  const createdMs = BASE_CREATED_MS + index * STEP_MS;
  const itemCount = (index % 5) + 1;
  return {
    id: change?.id ?? orderId(partition, index),
    partition,
    customerId: `cus_${crockford(mix(index % 250), 16)}`,
    status: STATUSES[change?.status ?? 0] ?? 'delivered',
    currency: 'EUR',
    totalAmount: `${(((index * 7919) % 40_000) / 100 + 5 * itemCount).toFixed(2)}`,
    itemCount,
    createdAt: new Date(createdMs).toISOString(),
    updatedAt: new Date(change?.updatedAtMs ?? baseUpdatedMs(index)).toISOString(),
  };
}

/** A ULID-shaped id: creation time (10 chars), then 16 chars derived from partition and index. */
export function orderId(partition: string, index: number): string {
  return (
    crockford(BASE_CREATED_MS + index * STEP_MS, 10) +
    crockford(mix(index ^ hashName(partition)), 8) +
    crockford(index, 8)
  );
}

function crockford(value: number, width: number): string {
  let text = '';
  for (let rest = Math.floor(value), i = 0; i < width; i++, rest = Math.floor(rest / 32)) {
    text = CROCKFORD.charAt(rest % 32) + text;
  }
  return text;
}

/** A cheap integer hash (for id and customer spread), always non-negative. */
function mix(value: number): number {
  let x = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

function hashName(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return hash >>> 0;
}
