import { parseArgs } from 'node:util';

import { SAMPLE_REGIONS } from './sampleRegions.js';
import { DEFAULT_SEED } from './seedOrders.js';

/** What `npm run seed` is asked to do. */
export type SeedCommand =
  | {
      readonly kind: 'seed';
      readonly ifEmpty: boolean;
      /** How many sample regions. */
      readonly partitions: number;
      /** Orders per partition; undefined means a deterministic count from 500 to 1,500 each. */
      readonly orders: number | undefined;
      readonly seed: string;
    }
  | {
      readonly kind: 'touch';
      /** How many sample regions. */
      readonly partitions: number;
      /** Orders to change per partition. */
      readonly count: number;
    }
  | { readonly kind: 'reindex' };

export interface SeedArgs {
  readonly help: boolean;
  /** Sign in to a storage account with the Azure CLI's login (for a deployed table). */
  readonly azureCli: boolean;
  readonly command: SeedCommand;
}

export const MAX_SEED_ORDERS = 1_000_000;
export const MAX_TOUCH_ORDERS = 100_000;
const DEFAULT_PARTITIONS = 6;

/** What `npm run seed -- --help` prints. */
export const SEED_USAGE = `Usage: npm run seed -- [--if-empty] [--partitions N] [--orders N] [--seed TEXT] [--azure-cli]
       npm run seed -- --touch N [--partitions N] [--azure-cli]
       npm run seed -- --reindex [--azure-cli]
  --if-empty      do nothing when the table already holds orders
  --partitions N  sample regions to fill or touch, 1 to ${SAMPLE_REGIONS.length} (default ${DEFAULT_PARTITIONS})
  --orders N      orders per partition, 0 to ${MAX_SEED_ORDERS} (default: 500 to 1500, varying)
  --seed TEXT     sample data seed (default "${DEFAULT_SEED}"); the same seed writes the same orders
  --touch N       change N existing orders in each of those partitions (next status, updatedAt now),
                  as the order system would, so the next delta sync has them; 1 to ${MAX_TOUCH_ORDERS}
  --reindex       build the change index that delta reads ("since") need, for every partition the
                  table lists (once, for orders written before the index existed; safe to repeat)
  --azure-cli     reach ORDERS_STORAGE__tableServiceUri with your "az login" (seeding a deployed table)`;

/** @throws {TypeError} naming the bad argument. */
export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      'if-empty': { type: 'boolean', default: false },
      partitions: { type: 'string' },
      orders: { type: 'string' },
      seed: { type: 'string' },
      touch: { type: 'string' },
      reindex: { type: 'boolean', default: false },
      'azure-cli': { type: 'boolean', default: false },
    },
  });
  const common = { help: values.help, azureCli: values['azure-cli'] };
  const partitions = () =>
    values.partitions === undefined
      ? DEFAULT_PARTITIONS
      : integer('--partitions', values.partitions, 1, SAMPLE_REGIONS.length);
  const refuse = (mode: string, names: readonly string[]) => {
    const given = names.find((name) => {
      const value = values[name as keyof typeof values];
      return value !== undefined && value !== false;
    });
    if (given !== undefined) throw new TypeError(`${mode} cannot be combined with --${given}`);
  };

  if (values.reindex) {
    refuse('--reindex', ['touch', 'if-empty', 'partitions', 'orders', 'seed']);
    return { ...common, command: { kind: 'reindex' } };
  }
  if (values.touch !== undefined) {
    refuse('--touch', ['if-empty', 'orders', 'seed']);
    return {
      ...common,
      command: {
        kind: 'touch',
        partitions: partitions(),
        count: integer('--touch', values.touch, 1, MAX_TOUCH_ORDERS),
      },
    };
  }
  if (values.seed === '') throw new TypeError('--seed must not be empty');
  return {
    ...common,
    command: {
      kind: 'seed',
      ifEmpty: values['if-empty'],
      partitions: partitions(),
      orders:
        values.orders === undefined
          ? undefined
          : integer('--orders', values.orders, 0, MAX_SEED_ORDERS),
      seed: values.seed ?? DEFAULT_SEED,
    },
  };
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
