import {
  RestError,
  type BlobRequestConditions,
  type BlockBlobClient,
  type ContainerClient,
} from '@azure/storage-blob';

import type { PartitionReadMode, SyncSummary } from './syncTypes.js';
import { createContainerOnce } from './createContainerOnce.js';

/** What a committed partition blob says about itself (blob metadata). */
export interface PartitionBlobInfo {
  readonly orders: number;
  readonly mode: PartitionReadMode;
}

/**
 * Where the sync's output lives, in one container:
 * - `runs/{runId}/partitions/{partition}.ndjson`: the orders a run fetched, staged block by block
 *   and committed once, so a reader never sees a partial partition;
 * - `runs/{runId}/report.json`: the run's summary;
 * - `latest.json`: the newest run, whose report names the run before it.
 */
export interface SyncArchive {
  /** Stages block `index` of a partition's blob; staging the same index again replaces it. */
  stageBlock(runId: string, partition: string, index: number, body: Buffer): Promise<void>;
  /** Commits blocks 0 … blockCount − 1 as the partition's blob (idempotent for one run). */
  commitPartition(
    runId: string,
    partition: string,
    blockCount: number,
    info: PartitionBlobInfo,
  ): Promise<string>;
  /**
   * Writes a partition read that was never staged (it fits in one block) as its blob, in one
   * request; idempotent for one run like {@link commitPartition}. Most partitions of an
   * incremental run are this small: one request instead of a stage, a commit and a check.
   */
  writePartition(
    runId: string,
    partition: string,
    body: Buffer,
    info: PartitionBlobInfo,
  ): Promise<string>;
  /**
   * Writes the report (naming the run before it, from `latest.json`), then points `latest.json`
   * at it, so a consumer can walk back from the newest run to the last one it read.
   */
  writeReport(summary: SyncSummary): Promise<string>;
}

export function partitionBlobPath(runId: string, partition: string): string {
  return `runs/${runId}/partitions/${partition}.ndjson`;
}

export function reportBlobPath(runId: string): string {
  return `runs/${runId}/report.json`;
}

export const LATEST_BLOB_PATH = 'latest.json';

/** Block ids must have one length within a blob: a fixed-width counter, base64. */
export function blockId(index: number): string {
  return Buffer.from(`block-${String(index).padStart(9, '0')}`).toString('base64');
}

/** A blob-backed archive in one container, created on first use. */
export function createSyncArchive(container: ContainerClient): SyncArchive {
  const ensureContainer = createContainerOnce(container);

  async function uploadJson(path: string, value: unknown) {
    await ensureContainer();
    const data = Buffer.from(JSON.stringify(value, null, 2), 'utf8');
    await container.getBlockBlobClient(path).uploadData(data, {
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
    return path;
  }

  return {
    async stageBlock(runId, partition, index, body) {
      await ensureContainer();
      await container
        .getBlockBlobClient(partitionBlobPath(runId, partition))
        .stageBlock(blockId(index), body, body.length);
    },

    async commitPartition(runId, partition, blockCount, info) {
      await ensureContainer();
      const path = partitionBlobPath(runId, partition);
      const blob = container.getBlockBlobClient(path);
      const metadata = partitionMetadata(runId, info);
      const ids = Array.from({ length: blockCount }, (_, i) => blockId(i));
      await writeOnce(blob, metadata, (conditions) =>
        blob.commitBlockList(ids, { blobHTTPHeaders: NDJSON, metadata, conditions }),
      );
      return path;
    },

    async writePartition(runId, partition, body, info) {
      await ensureContainer();
      const path = partitionBlobPath(runId, partition);
      const blob = container.getBlockBlobClient(path);
      const metadata = partitionMetadata(runId, info);
      await writeOnce(blob, metadata, (conditions) =>
        blob.upload(body, body.length, { blobHTTPHeaders: NDJSON, metadata, conditions }),
      );
      return path;
    },

    async writeReport(summary) {
      const path = reportBlobPath(summary.runId);
      let previousRunId = await readRunId(container, LATEST_BLOB_PATH, 'runId');
      if (previousRunId === summary.runId) {
        // A re-delivered report activity: keep the link the first delivery wrote.
        previousRunId = await readRunId(container, path, 'previousRunId');
      }
      await uploadJson(path, { ...summary, reportPath: path, previousRunId });
      await uploadJson(LATEST_BLOB_PATH, {
        runId: summary.runId,
        status: summary.status,
        mode: summary.mode,
        finishedAt: summary.finishedAt,
        reportPath: path,
        partitions: summary.partitions.flatMap((p) =>
          p.blobPath ? [{ name: p.name, blobPath: p.blobPath, orders: p.orders }] : [],
        ),
      });
      return path;
    },
  };
}

async function readRunId(
  container: ContainerClient,
  path: string,
  field: 'runId' | 'previousRunId',
): Promise<string | null> {
  try {
    const text = (await container.getBlockBlobClient(path).downloadToBuffer()).toString('utf8');
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : null;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return null;
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

const NDJSON = { blobContentType: 'application/x-ndjson' } as const;

function partitionMetadata(runId: string, info: PartitionBlobInfo): Record<string, string> {
  return { orders: String(info.orders), mode: info.mode, runid: runId };
}

/**
 * Writes the blob only if it does not exist yet, so the usual first write is one request; a blob
 * already there is left alone when it is this write's own (a re-delivered final chunk finds its
 * commit done: the blob is committed once), and replaced otherwise.
 */
async function writeOnce(
  blob: BlockBlobClient,
  metadata: Record<string, string>,
  write: (conditions?: BlobRequestConditions) => Promise<unknown>,
): Promise<void> {
  try {
    await write({ ifNoneMatch: '*' });
    return;
  } catch (error) {
    const exists =
      error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412);
    if (!exists) throw error;
  }
  if (await isCommitted(blob, metadata)) return;
  await write();
}

/** Whether the blob there holds this run's commit of the same read (by its metadata). */
async function isCommitted(
  blob: BlockBlobClient,
  metadata: Record<string, string>,
): Promise<boolean> {
  try {
    const properties = await blob.getProperties();
    return (
      properties.metadata?.runid === metadata.runid &&
      properties.metadata?.orders === metadata.orders
    );
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return false;
    throw error;
  }
}
