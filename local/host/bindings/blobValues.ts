import { RestError } from '@azure/storage-blob';

import type { StorageClients } from './StorageClients.js';

/** A handler's value for a blob output, as bytes: bytes as they are, strings as UTF-8, else JSON. */
export function toBlobBytes(value: unknown): Buffer {
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/**
 * Reads a blob for an input binding: its bytes (a string for `dataType: 'string'`), or null
 * when it does not exist, as the host binds a missing input blob.
 */
export async function readBlob(
  clients: StorageClients,
  connectionString: string,
  container: string,
  blob: string,
  dataType: unknown,
): Promise<Buffer | string | null> {
  try {
    const bytes = await clients
      .container(connectionString, container)
      .getBlobClient(blob)
      .downloadToBuffer();
    return dataType === 'string' ? bytes.toString('utf8') : bytes;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return null;
    throw error;
  }
}

/** Writes a blob output (a block blob, replacing any), creating the container when missing. */
export async function writeBlob(
  clients: StorageClients,
  connectionString: string,
  container: string,
  blob: string,
  value: unknown,
): Promise<void> {
  const client = clients.container(connectionString, container);
  await clients.ensure(`blob:${connectionString}:${container}`, () => client.createIfNotExists());
  const bytes = toBlobBytes(value);
  await client.getBlockBlobClient(blob).uploadData(bytes);
}
