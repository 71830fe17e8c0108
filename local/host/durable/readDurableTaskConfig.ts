import os from 'node:os';

import { resolveSettingReferences } from '../app/resolveSettingReferences.js';
import { HOST_STORAGE_SETTING } from '../readDurableStorage.js';
import { DurableEngineError } from './DurableEngineError.js';

/** Durable storage providers the extension knows, as host.json `storageProvider.type` names them. */
export type StorageProviderType = 'AzureStorage' | 'azureManaged' | 'netherite' | 'mssql';

/** host.json `extensions.durableTask.storageProvider`, resolved. */
export interface StorageProviderConfig {
  /** Default `AzureStorage`, the only one the local engine implements. */
  readonly type: StorageProviderType;
  /** The app setting naming the provider's connection; for AzureStorage default `AzureWebJobsStorage`. */
  readonly connectionName: string | undefined;
}

/** The host.json `extensions.durableTask` settings the local engine uses, defaults applied. */
export interface DurableTaskConfig {
  /** Task hub name, `%Setting%` expressions resolved. Default `TestHubName` (the extension's default outside Azure). */
  readonly hubName: string;
  /** Activities run at once. Default 10 × processors, as the extension. */
  readonly maxConcurrentActivityFunctions: number;
  /** `AnyState` (default) replaces an existing instance on start; `NonRunningStates` refuses while it runs. */
  readonly overridableExistingInstanceStates: 'AnyState' | 'NonRunningStates';
  readonly storageProvider: StorageProviderConfig;
}

const PROVIDERS: readonly StorageProviderType[] = [
  'AzureStorage',
  'azureManaged',
  'netherite',
  'mssql',
];
/** The keys each provider reads its connection's setting name from, first match wins. */
const CONNECTION_KEYS: Readonly<Record<StorageProviderType, readonly string[]>> = {
  AzureStorage: ['connectionName', 'connectionStringName'],
  azureManaged: ['connectionStringName'],
  netherite: ['StorageConnectionName', 'EventHubsConnectionName'],
  mssql: ['connectionStringName'],
};

/**
 * Validates `extensions.durableTask` from host.json, resolving `%Setting%` expressions in the hub
 * name and connection names from `settings`, as the extension's name resolver does. Numbers
 * written as text (an `AzureFunctionsJobHost__…` override) are accepted, as .NET binds them.
 *
 * @throws {DurableEngineError} `ERR_DURABLE_CONFIG` naming the offending setting.
 * @throws {HostError} `ERR_HOST_MISSING_SETTING` for a `%Setting%` that is not set.
 */
export function readDurableTaskConfig(
  raw: Readonly<Record<string, unknown>>,
  settings: Readonly<Record<string, string | undefined>> = {},
): DurableTaskConfig {
  const fail = (setting: string, must: string, got: unknown = raw[setting]): never => {
    throw new DurableEngineError(
      'ERR_DURABLE_CONFIG',
      `host.json extensions.durableTask.${setting} must be ${must}; got ${JSON.stringify(got)}.`,
    );
  };
  const resolve = (value: string, setting: string) =>
    resolveSettingReferences(value, settings, `host.json extensions.durableTask.${setting}`);
  const rawHub = raw['hubName'] ?? 'TestHubName';
  const hubName = typeof rawHub === 'string' ? resolve(rawHub, 'hubName') : rawHub;
  if (typeof hubName !== 'string' || !/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(hubName)) {
    fail('hubName', '3–45 letters and digits, starting with a letter', hubName);
  }
  const rawMax = raw['maxConcurrentActivityFunctions'] ?? 10 * os.availableParallelism();
  const max = typeof rawMax === 'string' && /^\d+$/.test(rawMax) ? Number(rawMax) : rawMax;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    fail('maxConcurrentActivityFunctions', 'a positive integer');
  }
  const states = raw['overridableExistingInstanceStates'] ?? 'AnyState';
  if (states !== 'AnyState' && states !== 'NonRunningStates') {
    fail('overridableExistingInstanceStates', '"AnyState" or "NonRunningStates"');
  }
  return {
    hubName: hubName as string,
    maxConcurrentActivityFunctions: max as number,
    overridableExistingInstanceStates:
      states as DurableTaskConfig['overridableExistingInstanceStates'],
    storageProvider: readStorageProvider(raw['storageProvider'], resolve, fail),
  };
}

function readStorageProvider(
  raw: unknown,
  resolve: (value: string, setting: string) => string,
  fail: (setting: string, must: string, got?: unknown) => never,
): StorageProviderConfig {
  const provider = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const rawType = provider['type'] ?? 'AzureStorage';
  const type = PROVIDERS.find(
    (known) => typeof rawType === 'string' && known.toLowerCase() === rawType.toLowerCase(),
  );
  if (!type) {
    return fail(
      'storageProvider.type',
      `one of ${PROVIDERS.map((p) => `"${p}"`).join(', ')}`,
      rawType,
    );
  }
  const key = CONNECTION_KEYS[type].find((k) => typeof provider[k] === 'string');
  const connectionName =
    key === undefined
      ? type === 'AzureStorage'
        ? HOST_STORAGE_SETTING
        : undefined
      : resolve(provider[key] as string, `storageProvider.${key}`);
  return { type, connectionName };
}
