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
    let service = this.#blob.get(connectionString);
    if (!service) {
      service = BlobServiceClient.fromConnectionString(connectionString);
      this.#blob.set(connectionString, service);
    }
    return service.getContainerClient(name);
  }

  queue(connectionString: string, name: string): QueueClient {
    let service = this.#queue.get(connectionString);
    if (!service) {
      service = QueueServiceClient.fromConnectionString(connectionString);
      this.#queue.set(connectionString, service);
    }
    return service.getQueueClient(name);
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
