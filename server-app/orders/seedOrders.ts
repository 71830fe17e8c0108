import { generateOrders } from './generateOrders.js';
import { isPartitionName } from './Order.js';
import type { OrdersStore } from './OrdersStore.js';
import { SAMPLE_REGIONS } from './sampleRegions.js';
import { seededRandom } from './seededRandom.js';

export interface SeedOrdersOptions {
  /** Partition names, or how many of the sample regions to use (1 to 12). Default 6. */
  readonly partitions?: readonly string[] | number;
  /** Exactly this many per partition, or a count drawn per partition from the range. Default 500–1,500. */
  readonly ordersPerPartition?: number | { readonly min: number; readonly max: number };
  /** Default "orders-daemon". */
  readonly seed?: string;
  /** The instant sample orders lead up to. Default 2026-11-01T00:00:00Z, fixed so re-seeding is idempotent. */
  readonly endAt?: Date;
  /** Called after each transaction with the partition's orders written so far and its total. */
  readonly onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  readonly partition: string;
  readonly written: number;
  readonly total: number;
}

export interface SeedResult {
  /** Partition names with how many orders each got. */
  readonly partitions: readonly { readonly name: string; readonly orders: number }[];
  readonly orders: number;
}

export const DEFAULT_SEED = 'orders-daemon';
/** Fixed rather than "now": seeding tomorrow must write the same rows as seeding today. */
export const DEFAULT_SEED_END = new Date('2026-11-01T00:00:00.000Z');

/**
 * Writes deterministic sample orders: the same options always upsert the same rows, so seeding
 * twice leaves the table as seeding once. Creates the table if needed. One partition at a time,
 * so memory holds one partition's orders (generating sorts them all at once: about 300 MB at
 * 1,000,000), never the whole sample.
 *
 * @throws {RangeError | TypeError} for options out of range; {@link OrdersStoreError} from the store.
 */
export async function seedOrders(
  store: OrdersStore,
  options: SeedOrdersOptions = {},
): Promise<SeedResult> {
  const seed = options.seed ?? DEFAULT_SEED;
  const names = partitionNames(options.partitions ?? 6);
  const perPartition = options.ordersPerPartition ?? { min: 500, max: 1500 };
  const counts = names.map((name) => ({ name, orders: orderCount(perPartition, seed, name) }));
  await store.ensureTable();
  for (const { name, orders: count } of counts) {
    const orders = generateOrders({
      partition: name,
      count,
      seed,
      endAt: options.endAt ?? DEFAULT_SEED_END,
    });
    await store.upsertOrders(orders, (partition, written) =>
      options.onProgress?.({ partition, written, total: count }),
    );
  }
  return { partitions: counts, orders: counts.reduce((sum, p) => sum + p.orders, 0) };
}

function partitionNames(partitions: readonly string[] | number): readonly string[] {
  if (typeof partitions !== 'number') {
    const bad = partitions.find((name) => !isPartitionName(name));
    if (bad !== undefined) throw new TypeError(`"partitions": "${bad}" is not a partition name`);
    return partitions;
  }
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > SAMPLE_REGIONS.length) {
    throw new RangeError(
      `"partitions" must be an integer from 1 to ${SAMPLE_REGIONS.length}, got ${partitions}`,
    );
  }
  return SAMPLE_REGIONS.slice(0, partitions).map((region) => region.name);
}

function orderCount(
  perPartition: number | { readonly min: number; readonly max: number },
  seed: string,
  partition: string,
): number {
  const { min, max } =
    typeof perPartition === 'number' ? { min: perPartition, max: perPartition } : perPartition;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
    throw new RangeError(
      `"ordersPerPartition" must be a non-negative integer or a { min, max } range with min <= max`,
    );
  }
  return min + Math.floor(seededRandom(`${seed}/${partition}/count`)() * (max - min + 1));
}
