import { z } from 'zod';

const instant = z.iso.datetime({ offset: false });
const readMode = z.enum(['full', 'incremental', 'since']);

/**
 * Where one run's read of a partition stands. Written after every chunk, so a re-delivered or
 * retried chunk activity continues from here instead of from the first page.
 */
const chunkProgress = z.object({
  runId: z.string().min(1),
  mode: readMode,
  fullBecause: z.string().optional(),
  /** The `since` the read sends (null for a full read). */
  since: instant.nullable(),
  watermarkBefore: instant.nullable(),
  /** `reading`: the next page is `continuationToken` (null: the first); `committing`: every page is staged. */
  phase: z.enum(['reading', 'committing', 'done']),
  continuationToken: z.string().min(1).nullable(),
  /** The client's clock when the read began, so a full read knows which orders are recent. */
  startedAt: instant,
  chunks: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  orders: z.number().int().nonnegative(),
  /** Blocks staged so far; the blob is committed from block ids 0 … blocks − 1. */
  blocks: z.number().int().nonnegative(),
  /** The server's watermark from the read's last page. */
  watermark: instant.nullable(),
  /** Overlap keys collected for the next run (see `recent` below). */
  recent: z.array(z.string()),
  /** Identity of the last page read, to drop an exact repeat across a page boundary. */
  lastPageKeys: z.array(z.string()),
  watermarkAfter: instant.nullable().optional(),
});

/**
 * The sync state of one partition, kept in the client's own storage (never in durable history):
 * the committed watermark, the orders read just before it (so the next run's overlap re-read
 * can drop them), and the current run's chunk progress.
 */
export const partitionSyncStateSchema = z.object({
  version: z.literal(1),
  partition: z.string().min(1),
  /** The server's position after the last committed run; null before the first. */
  watermark: instant.nullable(),
  /** `{updatedAt} {id}` of orders read at or after `watermark − overlap`, newest kept. */
  recent: z.array(z.string()),
  lastRunId: z.string().nullable(),
  run: chunkProgress.nullable(),
});

export type PartitionSyncState = z.infer<typeof partitionSyncStateSchema>;
export type ChunkProgress = z.infer<typeof chunkProgress>;

/** The state of a partition never synced. */
export function emptySyncState(partition: string): PartitionSyncState {
  return { version: 1, partition, watermark: null, recent: [], lastRunId: null, run: null };
}
