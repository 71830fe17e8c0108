import { MAX_PAGE_ROWS, type OrdersTable } from './table/OrdersTable.js';

/**
 * Table Storage cannot list distinct partition keys without scanning every row, so partitions are
 * registered as rows of this reserved partition in the same table. `~` sorts after every partition
 * name and cannot appear in one, so the registry never mixes with orders.
 */
export const PARTITION_INDEX_KEY = '~partitions';

/**
 * The registry column that says a partition's change index is complete: set when index-aware code
 * created the partition, or when `npm run seed -- --reindex` finished it. Never cleared.
 */
const CHANGE_INDEX_FLAG = 'changeIndex';

export interface PartitionInfo {
  readonly name: string;
  /** True when the partition's change index is complete, so deltas (`since`) can be served. */
  readonly changeIndex: boolean;
}

/** `unregistered`: the table has never held an order of that partition. */
export type ChangeIndexState = 'indexed' | 'unindexed' | 'unregistered';

export interface Registration {
  readonly indexed: boolean;
  /** True when this call registered the partition: it held no orders before. */
  readonly created: boolean;
}

export interface PartitionRegistry {
  /** Every registered partition, by name. */
  list(): Promise<readonly PartitionInfo[]>;
  /** One point read; an indexed answer is cached for a while, as the flag is never cleared. */
  changeIndexOf(partition: string): Promise<ChangeIndexState>;
  /**
   * Registers a partition if it is not yet (create, never overwrite: a partition registered by
   * code older than the change index must stay marked unindexed until it is reindexed).
   */
  register(partition: string): Promise<Registration>;
  /** Marks a partition's change index complete. */
  markIndexed(partition: string): Promise<void>;
}

export interface PartitionRegistryOptions {
  /** Milliseconds. Default `performance.now`. */
  readonly now?: () => number;
  /** How long an indexed answer is trusted. Default 60 s. */
  readonly cacheMs?: number;
}

export function createPartitionRegistry(
  table: OrdersTable,
  options: PartitionRegistryOptions = {},
): PartitionRegistry {
  const now = options.now ?? (() => performance.now());
  const cacheMs = options.cacheMs ?? 60_000;
  const indexedUntil = new Map<string, number>();
  const remember = (partition: string) => indexedUntil.set(partition, now() + cacheMs);
  const stateOf = (row: Record<string, unknown> | undefined): ChangeIndexState =>
    row === undefined ? 'unregistered' : row[CHANGE_INDEX_FLAG] === 1 ? 'indexed' : 'unindexed';
  const read = async (partition: string) => {
    const state = stateOf(await table.getRow(PARTITION_INDEX_KEY, partition, [CHANGE_INDEX_FLAG]));
    if (state === 'indexed') remember(partition);
    return state;
  };

  return {
    async list() {
      const partitions: PartitionInfo[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await table.queryRange({
          partitionKey: PARTITION_INDEX_KEY,
          select: [CHANGE_INDEX_FLAG],
          top: MAX_PAGE_ROWS,
          continuationToken,
        });
        for (const row of page.rows) {
          partitions.push({ name: row.rowKey, changeIndex: stateOf(row) === 'indexed' });
        }
        continuationToken = page.continuationToken;
      } while (continuationToken !== undefined);
      return partitions;
    },

    async changeIndexOf(partition) {
      if ((indexedUntil.get(partition) ?? -Infinity) > now()) return 'indexed';
      return read(partition);
    },

    async register(partition) {
      const state = await read(partition);
      if (state !== 'unregistered') return { indexed: state === 'indexed', created: false };
      const outcome = await table.submitTransaction([
        {
          kind: 'create',
          row: { partitionKey: PARTITION_INDEX_KEY, rowKey: partition, [CHANGE_INDEX_FLAG]: 1 },
        },
      ]);
      if (outcome.committed) {
        remember(partition);
        return { indexed: true, created: true };
      }
      // Another writer registered it between the read and the create: take what it wrote.
      return { indexed: (await read(partition)) === 'indexed', created: false };
    },

    async markIndexed(partition) {
      await table.submitTransaction([
        {
          kind: 'upsert',
          mode: 'merge',
          row: { partitionKey: PARTITION_INDEX_KEY, rowKey: partition, [CHANGE_INDEX_FLAG]: 1 },
        },
      ]);
      remember(partition);
    },
  };
}
