import { TableClient } from '@azure/data-tables';
import { ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

import { ConfigurationError } from '../config/ConfigurationError.js';
import type { StorageConnection } from './storageConnection.js';

/** Options of the storage client factories. */
export interface StorageClientOptions {
  /** Replaces the managed-identity credential (tests, or a credential chain chosen by the caller). */
  readonly credential?: TokenCredential;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Creates a client for one table. A connection string may point at Azurite over http on loopback
 * (the SDK refuses plain http unless told otherwise, and only `UseDevelopmentStorage=true` tells
 * it); managed identity needs `<name>__tableServiceUri`. Creating the client does no I/O.
 *
 * @throws {ConfigurationError} naming the setting when the connection cannot reach tables.
 */
export function createTableClient(
  connection: StorageConnection,
  tableName: string,
  options: StorageClientOptions = {},
): TableClient {
  if (connection.kind === 'connectionString') {
    let probe: TableClient;
    try {
      probe = TableClient.fromConnectionString(connection.connectionString, tableName);
    } catch {
      // The SDK's message is fine but the connection string may hold a key: name the setting only.
      throw new ConfigurationError([
        {
          setting: connection.name,
          problem:
            'is not a storage connection string with a TableEndpoint (or UseDevelopmentStorage=true)',
        },
      ]);
    }
    const url = new URL(probe.url);
    if (url.protocol === 'https:') return probe;
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      throw new ConfigurationError([
        { setting: connection.name, problem: 'must use https (http is allowed only on loopback)' },
      ]);
    }
    return TableClient.fromConnectionString(connection.connectionString, tableName, {
      allowInsecureConnection: true,
    });
  }
  if (connection.tableServiceUri === undefined) {
    throw new ConfigurationError([
      {
        setting: `${connection.name}__tableServiceUri`,
        problem:
          'required for table access with managed identity (https://<account>.table.core.windows.net)',
      },
    ]);
  }
  const credential =
    options.credential ?? new ManagedIdentityCredential({ clientId: connection.clientId });
  return new TableClient(connection.tableServiceUri, tableName, credential);
}
