import { randomUUID } from 'node:crypto';

import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

import { MAX_ENTITY_TEXT, packText, unpackText } from './textProperties.js';

/** Property naming the blob that holds an entity's text when it is too large for the table. */
const BLOB_PROPERTY = 'Blob';

/**
 * Keeps entity text in the table when it fits and in a blob container (`<hub>-largemessages`)
 * when it does not, as the Azure Storage backend offloads large messages.
 */
export class LargePayloads {
  readonly #container: ContainerClient;
  #ready: Promise<unknown> | undefined;

  constructor(connectionString: string, containerName: string) {
    this.#container =
      BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
  }

  /** Entity properties holding `text`; `prefix` groups the blob under its instance. */
  async pack(prefix: string, text: string): Promise<Record<string, string | number>> {
    if (text.length <= MAX_ENTITY_TEXT) return packText(text);
    this.#ready ??= this.#container.createIfNotExists();
    await this.#ready;
    // A fresh name per write: the row that refers to it is written afterwards.
    const name = `${prefix}/${randomUUID()}`;
    await this.#container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text), {
      blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
    });
    return { [BLOB_PROPERTY]: name, Parts: 0 };
  }

  async unpack(entity: Readonly<Record<string, unknown>>): Promise<string> {
    const name = entity[BLOB_PROPERTY];
    if (typeof name !== 'string') return unpackText(entity);
    const buffer = await this.#container.getBlockBlobClient(name).downloadToBuffer();
    return buffer.toString('utf8');
  }

  /** Deletes every blob written under `prefix`. */
  async purge(prefix: string): Promise<void> {
    if (!(await this.#container.exists())) return;
    for await (const blob of this.#container.listBlobsFlat({ prefix: `${prefix}/` })) {
      await this.#container.deleteBlob(blob.name);
    }
  }
}
