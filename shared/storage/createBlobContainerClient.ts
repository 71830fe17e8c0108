import { ManagedIdentityCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

import { ConfigurationError } from '../config/ConfigurationError.js';
import type { StorageClientOptions } from './createTableClient.js';
import type { StorageConnection } from './storageConnection.js';

/**
 * Creates a client for one blob container: from a connection string (Azurite included), or with
 * managed identity from `<name>__blobServiceUri`. Creating the client does no I/O; the container
 * itself is not created.
 *
 * @throws {ConfigurationError} naming the setting when the connection cannot reach blobs.
 */
export function createBlobContainerClient(
  connection: StorageConnection,
  containerName: string,
  options: StorageClientOptions = {},
): ContainerClient {
  if (connection.kind === 'connectionString') {
    let service: BlobServiceClient;
    try {
      service = BlobServiceClient.fromConnectionString(connection.connectionString);
    } catch {
      // The SDK's message may quote the connection string, which can hold a key.
      throw new ConfigurationError([
        {
          setting: connection.name,
          problem:
            'is not a storage connection string with a BlobEndpoint (or UseDevelopmentStorage=true)',
        },
      ]);
    }
    return service.getContainerClient(containerName);
  }
  if (connection.blobServiceUri === undefined) {
    throw new ConfigurationError([
      {
        setting: `${connection.name}__blobServiceUri`,
        problem:
          'required for blob access with managed identity (https://<account>.blob.core.windows.net)',
      },
    ]);
  }
  const credential =
    options.credential ?? new ManagedIdentityCredential({ clientId: connection.clientId });
  return new BlobServiceClient(connection.blobServiceUri, credential).getContainerClient(
    containerName,
  );
}
