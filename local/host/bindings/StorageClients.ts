import { TableClient } from '@azure/data-tables';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';

/**
 * The Azure SDK clients the storage bindings use, one service client per connection string and
 * kind, created on first use. Plain http is allowed for Azurite and other loopback endpoints
 * only, as the SDKs would refuse a shared key over http otherwise.
 */
export class StorageClients {
  readonly #blob = new Map<string, BlobServiceClient>();
  readonly #queue = new Map<string, QueueServiceClient>();
  readonly #ensured = new Set<string>();

  container(connectionString: string, name: string): ContainerClient {
    return serviceOf(this.#blob, connectionString, (c) =>
      BlobServiceClient.fromConnectionString(c),
    ).getContainerClient(name);
  }

  queue(connectionString: string, name: string): QueueClient {
    return serviceOf(this.#queue, connectionString, (c) =>
      QueueServiceClient.fromConnectionString(c),
    ).getQueueClient(name);
  }

  table(connectionString: string, name: string): TableClient {
    return TableClient.fromConnectionString(connectionString, name, {
      allowInsecureConnection: isLoopbackHttp(connectionString),
    });
  }

  /** Runs `create` once per resource and process (container, queue or table creation). */
  async ensure(key: string, create: () => Promise<unknown>): Promise<void> {
    if (this.#ensured.has(key)) return;
    await create();
    this.#ensured.add(key);
  }
}

function isLoopbackHttp(connectionString: string): boolean {
  return /UseDevelopmentStorage=true|=http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/;]/i.test(
    connectionString,
  );
}

/** The service client of `connectionString` in `services`, created and kept on first use. */
function serviceOf<S>(
  services: Map<string, S>,
  connectionString: string,
  create: (connectionString: string) => S,
): S {
  let service = services.get(connectionString);
  if (!service) {
    service = create(connectionString);
    services.set(connectionString, service);
  }
  return service;
}
