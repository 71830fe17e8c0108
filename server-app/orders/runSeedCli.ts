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
import { createOrdersStore, type ReindexResult } from './OrdersStore.js';
import { parseSeedArgs, SEED_USAGE, type SeedCommand } from './parseSeedArgs.js';
import { SAMPLE_REGIONS } from './sampleRegions.js';
import { seedOrders, type SeedProgress } from './seedOrders.js';
import { touchOrders } from './touchOrders.js';

export interface SeedCliOptions {
  readonly argv: readonly string[];
  /** `ORDERS_STORAGE` (or its managed-identity form) and optional `ORDERS_TABLE_NAME`. */
  readonly settings: SettingsSource;
  readonly write: (line: string) => void;
  /** Milliseconds, for the elapsed time and progress lines. Default `performance.now`. */
  readonly now?: () => number;
  /** The wall clock `--touch` stamps `updatedAt` with. Default `new Date()`. */
  readonly clock?: () => Date;
  /** Picks the orders `--touch` changes; uniform in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** The credential `--azure-cli` uses. Default the Azure CLI's login. */
  readonly cliCredential?: () => TokenCredential;
}

/** A large seed prints where it is at most this often (never per transaction). */
const PROGRESS_INTERVAL_MS = 3000;

const VERB: Record<SeedCommand['kind'], string> = {
  seed: 'Seeding',
  touch: 'Touching orders',
  reindex: 'Reindexing',
};

/**
 * `npm run seed`: writes the deterministic sample orders (or `--touch`es or `--reindex`es them)
 * and prints one line. Returns the exit code: 0 done (or skipped with `--if-empty`), 1
 * configuration or storage failure, 2 usage error.
 */
export async function runSeedCli(options: SeedCliOptions): Promise<number> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const elapsed = () => ((now() - started) / 1000).toFixed(1);
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
  const { command } = args;
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
    const detail = (partitions: readonly { name: string; orders: number }[]) =>
      partitions.map((p) => `${p.name} ${p.orders}`).join(', ');

    if (command.kind === 'touch') {
      const result = await touchOrders(store, {
        partitions: regionNames(command.partitions),
        count: command.count,
        now: (options.clock ?? (() => new Date()))(),
        random: options.random ?? Math.random,
      });
      options.write(
        `Touched ${result.orders} orders in ${result.partitions.length} partitions (${detail(result.partitions)}) in ${elapsed()} s.`,
      );
      return 0;
    }

    if (command.kind === 'reindex') {
      const partitions = await store.listPartitions();
      if (partitions.length === 0) {
        options.write(`Table "${table}" lists no partitions; nothing to reindex.`);
        return 0;
      }
      const results: ReindexResult[] = [];
      for (const { name } of partitions) results.push(await store.reindexPartition(name));
      options.write(reindexLine(results, table, elapsed()));
      return 0;
    }

    if (command.ifEmpty) {
      await store.ensureTable();
      const existing = await store.listPartitions();
      if (existing.length > 0) {
        options.write(
          `Table "${table}" already holds ${existing.length} partitions; nothing seeded (--if-empty).`,
        );
        return 0;
      }
    }
    let lastProgress = started;
    const result = await seedOrders(store, {
      partitions: command.partitions,
      ordersPerPartition: command.orders ?? { min: 500, max: 1500 },
      seed: command.seed,
      onProgress: (progress: SeedProgress) => {
        const at = now();
        if (at - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = at;
        options.write(
          `  seeding ${progress.partition}: ${progress.written}/${progress.total} orders…`,
        );
      },
    });
    options.write(
      `Seeded ${result.orders} orders in ${result.partitions.length} partitions (${detail(result.partitions)}) into table "${table}" in ${elapsed()} s.`,
    );
    return 0;
  } catch (error) {
    options.write(
      error instanceof ConfigurationError
        ? error.message
        : `${VERB[command.kind]} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

function reindexLine(results: readonly ReindexResult[], table: string, seconds: string): string {
  const sum = (pick: (result: ReindexResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  const detail = results.map((r) => `${r.partition} ${r.orders}`).join(', ');
  return (
    `Reindexed ${sum((r) => r.orders)} orders in ${results.length} partitions (${detail}) of table "${table}" in ${seconds} s: ` +
    `${sum((r) => r.indexRowsWritten)} index rows written, ${sum((r) => r.staleRowsRemoved)} stale rows removed.`
  );
}

function regionNames(count: number): string[] {
  return SAMPLE_REGIONS.slice(0, count).map((region) => region.name);
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
