import { parseArgs } from 'node:util';

import { SAMPLE_REGIONS } from './sampleRegions.js';
import { DEFAULT_SEED } from './seedOrders.js';

export interface SeedArgs {
  readonly help: boolean;
  readonly ifEmpty: boolean;
  /** How many sample regions. */
  readonly partitions: number;
  /** Orders per partition; undefined means a deterministic count from 500 to 1,500 each. */
  readonly orders: number | undefined;
  readonly seed: string;
  /** Sign in to a storage account with the Azure CLI's login (for a deployed table). */
  readonly azureCli: boolean;
}

/** What `npm run seed -- --help` prints. */
export const SEED_USAGE = `Usage: npm run seed -- [--if-empty] [--partitions N] [--orders N] [--seed TEXT] [--azure-cli]
  --if-empty      do nothing when the table already holds orders
  --partitions N  sample regions to fill, 1 to ${SAMPLE_REGIONS.length} (default 6)
  --orders N      orders per partition, 0 to 100000 (default: 500 to 1500, varying)
  --seed TEXT     sample data seed (default "${DEFAULT_SEED}"); the same seed writes the same orders
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
      partitions: { type: 'string', default: '6' },
      orders: { type: 'string' },
      seed: { type: 'string', default: DEFAULT_SEED },
      'azure-cli': { type: 'boolean', default: false },
    },
  });
  if (values.seed === '') throw new TypeError('--seed must not be empty');
  return {
    help: values.help,
    ifEmpty: values['if-empty'],
    partitions: integer('--partitions', values.partitions, 1, SAMPLE_REGIONS.length),
    orders:
      values.orders === undefined ? undefined : integer('--orders', values.orders, 0, 100_000),
    seed: values.seed,
    azureCli: values['azure-cli'],
  };
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new TypeError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
