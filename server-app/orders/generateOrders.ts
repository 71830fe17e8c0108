import type { Order, OrderStatus } from './Order.js';
import { SAMPLE_REGIONS, ZERO_DECIMAL_CURRENCIES } from './sampleRegions.js';
import { seededRandom } from './seededRandom.js';
import { ulid } from './ulid.js';

export interface GenerateOrdersOptions {
  readonly partition: string;
  readonly count: number;
  /** Same seed, partition and count → the same orders, byte for byte. */
  readonly seed: string;
  /** Orders are created in the `spanDays` before this instant and never updated after it. */
  readonly endAt: Date;
  /** Default 180. */
  readonly spanDays?: number;
}

const DAY = 86_400_000;
const CUSTOMERS_PER_PARTITION = 250;
const HOUR = 3_600_000;

/**
 * Realistic sample orders for one partition, sorted by id (that is, by creation time): repeat
 * customers, the region's currencies, statuses that follow the order's age, `updatedAt` after
 * `createdAt`. Deterministic, with no clock or global randomness, so re-seeding upserts the same
 * rows instead of adding new ones.
 */
export function generateOrders(options: GenerateOrdersOptions): Order[] {
  const { partition, count, seed, endAt } = options;
  const random = seededRandom(`${seed}/${partition}`);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  const currencies = SAMPLE_REGIONS.find((r) => r.name === partition)?.currencies ?? ['USD'];
  // A fixed-size customer pool keeps the draws independent of `count`: N orders are always the
  // first N of N + k, so seeding more later adds rows rather than rewriting existing ones.
  const customers = Array.from({ length: CUSTOMERS_PER_PARTITION }, () => {
    return `cus_${ulid(0, random).slice(10)}`;
  });
  const endMs = endAt.getTime();
  const spanMs = (options.spanDays ?? 180) * DAY;

  const orders: Order[] = [];
  for (let i = 0; i < count; i++) {
    const createdMs = endMs - 1 - Math.floor(random() * spanMs);
    const status = statusForAge((endMs - createdMs) / DAY, random());
    const updatedMs = Math.min(endMs - 1, createdMs + updateDelay(status, between));
    const currency = pick(currencies);
    const itemCount = Math.min(20, 1 + Math.floor(-Math.log(1 - random()) * 2));
    // Log-normal-ish unit prices around 20 (USD-like) units.
    const unitCents = Math.round(Math.exp(Math.log(2000) + (random() - 0.5) * 3));
    orders.push({
      id: ulid(createdMs, random),
      partition,
      customerId: pick(customers),
      status,
      currency,
      totalAmount: formatAmount(unitCents * itemCount, currency),
      itemCount,
      createdAt: new Date(createdMs).toISOString(),
      updatedAt: new Date(updatedMs).toISOString(),
    });
  }
  return orders.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function statusForAge(ageDays: number, r: number): OrderStatus {
  if (r < 0.04) return 'cancelled';
  if (r < 0.06 && ageDays > 14) return 'refunded';
  if (ageDays < 1) return r < 0.5 ? 'pending' : 'paid';
  if (ageDays < 4) return r < 0.4 ? 'paid' : 'shipped';
  if (ageDays < 10) return r < 0.5 ? 'shipped' : 'delivered';
  return 'delivered';
}

function updateDelay(status: OrderStatus, between: (min: number, max: number) => number): number {
  switch (status) {
    case 'pending':
      return between(0, 1_800_000);
    case 'paid':
      return between(60_000, 2 * HOUR);
    case 'shipped':
      return between(DAY, 3 * DAY);
    case 'delivered':
      return between(3 * DAY, 10 * DAY);
    case 'cancelled':
      return between(HOUR, 2 * DAY);
    case 'refunded':
      return between(7 * DAY, 20 * DAY);
  }
}

/** An exact decimal string: 2 minor digits, or none for yen and won (priced ~1.5× and ~14×). */
function formatAmount(usdLikeCents: number, currency: string): string {
  if (ZERO_DECIMAL_CURRENCIES.has(currency)) {
    return String(Math.round(usdLikeCents * (currency === 'KRW' ? 14 : 1.5)));
  }
  return `${Math.floor(usdLikeCents / 100)}.${String(usdLikeCents % 100).padStart(2, '0')}`;
}
