import type { ContainerClient } from '@azure/storage-blob';

import type { RemoteOrder } from './createOrdersApiClient.js';
import type { SyncSummary } from './syncTypes.js';

/** Where one run's data lives: `runs/{runId}/partitions/{partition}.ndjson` and `runs/{runId}/report.json`. */
export interface SyncArchive {
  /** Writes (or overwrites) a partition's orders; re-running an activity replaces, never duplicates. */
  writePartition(runId: string, partition: string, orders: readonly RemoteOrder[]): Promise<string>;
  writeReport(summary: SyncSummary): Promise<string>;
}

export function partitionBlobPath(runId: string, partition: string): string {
  return `runs/${runId}/partitions/${partition}.ndjson`;
}

export function reportBlobPath(runId: string): string {
  return `runs/${runId}/report.json`;
}

/** A blob-backed archive in one container, created on first use. */
export function createSyncArchive(container: ContainerClient): SyncArchive {
  let ready: Promise<unknown> | undefined;
  const ensureContainer = () =>
    (ready ??= container.createIfNotExists().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));

  async function upload(path: string, body: string, contentType: string, count?: number) {
    await ensureContainer();
    const data = Buffer.from(body, 'utf8');
    // A single-shot upload replaces the blob whole, which is what makes the activity idempotent.
    await container.getBlockBlobClient(path).uploadData(data, {
      blobHTTPHeaders: { blobContentType: contentType },
      ...(count === undefined ? {} : { metadata: { orders: String(count) } }),
    });
    return path;
  }

  return {
    writePartition(runId, partition, orders) {
      const body = orders.map((o) => JSON.stringify(o)).join('\n') + (orders.length ? '\n' : '');
      return upload(
        partitionBlobPath(runId, partition),
        body,
        'application/x-ndjson',
        orders.length,
      );
    },
    writeReport(summary) {
      return upload(
        reportBlobPath(summary.runId),
        JSON.stringify({ ...summary, reportPath: reportBlobPath(summary.runId) }, null, 2),
        'application/json',
      );
    },
  };
}
