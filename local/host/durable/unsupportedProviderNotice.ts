import type { DurableStorage } from '../contracts.js';
import type { StorageProviderConfig } from './readDurableTaskConfig.js';

const PRODUCT_NAMES: Readonly<Record<string, string>> = {
  azureManaged: 'the Durable Task Scheduler',
  netherite: 'Netherite',
  mssql: 'the MSSQL provider',
};

/**
 * The one warning line for a storage provider the local engine does not implement, naming what
 * differs; `undefined` for Azure Storage, which it does implement.
 */
export function unsupportedProviderNotice(
  provider: StorageProviderConfig,
  storage: DurableStorage,
  hubName: string,
): string | undefined {
  if (provider.type === 'AzureStorage') return undefined;
  const connection = provider.connectionName
    ? ` (connection "${provider.connectionName}" is not used)`
    : '';
  const where =
    storage.kind === 'memory' ? 'in memory' : 'in Azure Storage tables of AzureWebJobsStorage';
  return `host.json durableTask.storageProvider.type "${provider.type}" (${PRODUCT_NAMES[provider.type] ?? provider.type}) is not implemented by the local host: task hub "${hubName}" runs on the local engine with its state ${where}${connection}; the provider's own dashboard, scaling and limits do not apply.`;
}
