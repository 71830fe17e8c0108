import { AzureCliCredential, type TokenCredential } from '@azure/identity';
import { z } from 'zod';

import { ConfigurationError, type SettingProblem } from '../../shared/config/ConfigurationError.js';
import { readSettings, type SettingsSource } from '../../shared/config/readSettings.js';
import { createTableClient } from '../../shared/storage/createTableClient.js';
import {
  readStorageConnection,
  type StorageConnection,
} from '../../shared/storage/storageConnection.js';
import { SERVER_SETTINGS, tableName } from '../settings.js';
import { createOrdersStore } from './OrdersStore.js';
import { parseSeedArgs, SEED_USAGE } from './parseSeedArgs.js';
import { seedOrders } from './seedOrders.js';

export interface SeedCliOptions {
  readonly argv: readonly string[];
  /** `ORDERS_STORAGE` (or its managed-identity form) and optional `ORDERS_TABLE_NAME`. */
  readonly settings: SettingsSource;
  readonly write: (line: string) => void;
  /** Milliseconds, for the elapsed time. Default `performance.now`. */
  readonly now?: () => number;
  /** The credential `--azure-cli` uses. Default the Azure CLI's login. */
  readonly cliCredential?: () => TokenCredential;
}

/**
 * `npm run seed`: writes the deterministic sample orders and prints one line. Returns the exit
 * code: 0 done (or skipped with `--if-empty`), 1 configuration or storage failure, 2 usage error.
 */
export async function runSeedCli(options: SeedCliOptions): Promise<number> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let args;
  try {
    args = parseSeedArgs(options.argv);
  } catch (error) {
    options.write(`${(error as Error).message}\n${SEED_USAGE}`);
    return 2;
  }
  if (args.help) {
    options.write(SEED_USAGE);
    return 0;
  }
  try {
    const { storage, table } = readSeedSettings(options.settings);
    if (args.azureCli && storage.kind !== 'managedIdentity') {
      options.write(
        '--azure-cli signs in to a storage account: set ORDERS_STORAGE__tableServiceUri (and no ORDERS_STORAGE connection string)',
      );
      return 2;
    }
    const credential = args.azureCli
      ? (options.cliCredential ?? (() => new AzureCliCredential()))()
      : undefined;
    const store = createOrdersStore(
      createTableClient(storage, table, credential ? { credential } : {}),
    );
    if (args.ifEmpty) {
      await store.ensureTable();
      const existing = await store.listPartitions();
      if (existing.length > 0) {
        options.write(
          `Table "${table}" already holds ${existing.length} partitions; nothing seeded (--if-empty).`,
        );
        return 0;
      }
    }
    const result = await seedOrders(store, {
      partitions: args.partitions,
      ordersPerPartition: args.orders ?? { min: 500, max: 1500 },
      seed: args.seed,
    });
    const seconds = ((now() - started) / 1000).toFixed(1);
    const detail = result.partitions.map((p) => `${p.name} ${p.orders}`).join(', ');
    options.write(
      `Seeded ${result.orders} orders in ${result.partitions.length} partitions (${detail}) into table "${table}" in ${seconds} s.`,
    );
    return 0;
  } catch (error) {
    options.write(
      error instanceof ConfigurationError
        ? error.message
        : `Seeding failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

function readSeedSettings(source: SettingsSource): { storage: StorageConnection; table: string } {
  const problems: SettingProblem[] = [];
  let table: string | undefined;
  let storage: StorageConnection | undefined;
  try {
    const schema = z.object({ [SERVER_SETTINGS.tableName]: tableName() });
    table = readSettings(schema, source)[SERVER_SETTINGS.tableName];
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems);
  }
  try {
    storage = readStorageConnection(SERVER_SETTINGS.storage, source);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems);
  }
  if (table === undefined || storage === undefined) throw new ConfigurationError(problems);
  return { storage, table };
}
