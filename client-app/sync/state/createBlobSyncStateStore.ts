import { RestError, type ContainerClient } from '@azure/storage-blob';

import { parseSyncState } from './parseSyncState.js';
import { SyncStateConflictError, syncStatePath, type SyncStateStore } from './SyncStateStore.js';
import { createContainerOnce } from '../createContainerOnce.js';

/** Sync state as one small JSON blob per partition, written with If-Match / If-None-Match. */
export function createBlobSyncStateStore(container: ContainerClient): SyncStateStore {
  const ensureContainer = createContainerOnce(container);

  return {
    async read(partition) {
      const blob = container.getBlockBlobClient(syncStatePath(partition));
      let body: Buffer;
      let etag: string;
      try {
        const response = await blob.download();
        etag = response.etag ?? '';
        body = await streamToBuffer(response.readableStreamBody);
      } catch (error) {
        if (error instanceof RestError && error.statusCode === 404) return { kind: 'absent' };
        throw error;
      }
      const parsed = parseSyncState(body.toString('utf8'), partition);
      return parsed.ok
        ? { kind: 'found', state: parsed.state, etag }
        : { kind: 'corrupt', reason: parsed.reason, etag };
    },

    async write(partition, state, etag) {
      await ensureContainer();
      const body = Buffer.from(JSON.stringify(state));
      try {
        const response = await container
          .getBlockBlobClient(syncStatePath(partition))
          .uploadData(body, {
            blobHTTPHeaders: { blobContentType: 'application/json' },
            conditions: etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag },
          });
        return response.etag ?? '';
      } catch (error) {
        if (error instanceof RestError && (error.statusCode === 412 || error.statusCode === 409)) {
          throw new SyncStateConflictError(partition);
        }
        throw error;
      }
    },
  };
}

async function streamToBuffer(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
