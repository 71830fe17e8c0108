import type { Logger } from '../../shared/logging/Logger.js';
import type { OrdersApiClient, OrdersPage } from './createOrdersApiClient.js';
import { partitionBlobPath, type SyncArchive } from './createSyncArchive.js';
import { keepRecent, keyTime, orderVersionKey } from './overlapWindow.js';
import { FUTURE_WATERMARK_TOLERANCE_MS, planPartitionRead } from './planPartitionRead.js';
import type { ChunkProgress, PartitionSyncState } from './state/partitionSyncState.js';
import type { SyncStateStore } from './state/SyncStateStore.js';
import type { ChunkLimits } from './syncSettings.js';
import type { ChunkOutcome, PartitionTask, SyncFailure } from './syncTypes.js';

/** Pages are gathered into blocks of about this size before staging (few round trips, flat memory). */
export const BLOCK_BYTES = 2 * 1024 * 1024;

export interface ChunkDeps {
  readonly api: OrdersApiClient;
  readonly archive: SyncArchive;
  readonly state: SyncStateStore;
  readonly pageSize: number;
  readonly chunk: ChunkLimits;
  readonly overlapMs: number;
  /** Epoch ms; the chunk's time limit and the plan's clock. */
  readonly now: () => number;
  readonly describeFailure: (error: unknown) => SyncFailure;
  readonly logger: Logger;
}

/**
 * One durable step of a partition's read: continues from the progress in the sync state, reads
 * at most `chunk.pages` pages or `chunk.seconds`, stages them as blocks and saves the progress;
 * after the last page it commits the blob and only then advances the watermark. A re-delivered
 * step resumes from the saved progress, so at most one chunk is ever fetched twice.
 */
export async function syncPartitionChunk(
  deps: ChunkDeps,
  task: PartitionTask,
): Promise<ChunkOutcome> {
  const { partition, runId } = task;
  let progress: ChunkProgress | undefined;
  try {
    const stored = await deps.state.read(partition);
    const etag = stored.kind === 'absent' ? undefined : stored.etag;
    let state: PartitionSyncState;
    if (stored.kind === 'found' && stored.state.run?.runId === runId) {
      state = stored.state;
      progress = stored.state.run;
    } else {
      const plan = planPartitionRead({ task, stored, now: deps.now(), overlapMs: deps.overlapMs });
      // Not saved until the first chunk is read: planning again from the same state after a
      // crash gives the same plan, and one write per chunk matters for many small partitions.
      state = plan.state;
      progress = plan.progress;
      if (progress.fullBecause) {
        deps.logger.info('partition read in full', {
          runId,
          partition,
          because: progress.fullBecause,
        });
      }
    }

    let unsaved = false;
    let whole: Buffer | undefined;
    if (progress.phase === 'reading') {
      ({ progress, whole } = await readChunk(deps, task, state, progress));
      if (progress.phase === 'reading') {
        await deps.state.write(partition, { ...state, run: progress }, etag);
        return {
          status: 'more',
          orders: progress.orders,
          pages: progress.pages,
          chunks: progress.chunks,
        };
      }
      // The last chunk goes straight to the commit: its progress is saved only if that fails.
      unsaved = true;
    }
    if (progress.phase === 'committing') {
      const reading = progress;
      const info = { orders: reading.orders, mode: reading.mode };
      const blobPath = await (
        whole
          ? deps.archive.writePartition(runId, partition, whole, info)
          : deps.archive.commitPartition(runId, partition, reading.blocks, info)
      ).catch(async (error: unknown) => {
        // Saved so the next attempt commits again without fetching the pages once more; a
        // read written whole is staged first, as the block that commit will find.
        if (unsaved) {
          if (whole) await deps.archive.stageBlock(runId, partition, 0, whole);
          const saved = whole ? { ...reading, blocks: 1 } : reading;
          await deps.state.write(partition, { ...state, run: saved }, etag);
        }
        throw error;
      });
      const committed = commitState(state, progress, deps.overlapMs);
      progress = committed.run ?? progress;
      await deps.state.write(partition, committed, etag);
      deps.logger.info('partition blob committed', {
        runId,
        partition,
        blobPath,
        orders: progress.orders,
        pages: progress.pages,
        chunks: progress.chunks,
      });
    }
    return synced(task, progress);
  } catch (error) {
    const failure = deps.describeFailure(error);
    deps.logger.warn('partition sync failed', {
      runId,
      partition,
      code: failure.code,
      retryable: failure.retryable,
    });
    return {
      name: partition,
      status: 'failed',
      ...(progress ? { mode: progress.mode } : {}),
      orders: progress?.orders ?? 0,
      pages: progress?.pages ?? 0,
      chunks: progress?.chunks ?? 0,
      error: failure,
    };
  }
}

/** A chunk's progress; with `whole`, the partition's entire blob, read but never staged. */
interface ChunkRead {
  readonly progress: ChunkProgress;
  readonly whole?: Buffer;
}

async function readChunk(
  deps: ChunkDeps,
  task: PartitionTask,
  state: PartitionSyncState,
  start: ChunkProgress,
): Promise<ChunkRead> {
  const deadline = deps.now() + deps.chunk.seconds * 1000;
  // Last run's overlap keys: only an incremental read re-reads what they name.
  const seenLastRun = new Set(start.mode === 'incremental' ? state.recent : []);
  const dedupe = start.mode !== 'full';
  // A full read's watermark is the server's clock when it began, which may trail ours: keep
  // keys from a little earlier, and let the commit trim them to the real window.
  let newest =
    start.mode === 'full' ? Date.parse(start.startedAt) - FUTURE_WATERMARK_TOLERANCE_MS : 0;
  for (const key of start.recent) newest = Math.max(newest, keyTime(key));
  let { continuationToken, pages, orders, blocks, recent, lastPageKeys } = start;
  let watermark = start.watermark;
  // One block buffer per step, reused: a page's lines are written into it, and it is staged
  // once it is nearly full (the upload is awaited before the buffer is written again).
  const block = Buffer.allocUnsafe(BLOCK_BYTES);
  let filled = 0;
  const stage = async () => {
    if (filled === 0) return;
    await deps.archive.stageBlock(task.runId, task.partition, blocks, block.subarray(0, filled));
    blocks += 1;
    filled = 0;
  };
  /** Resolves at once unless the block is full: most lines cost no await. */
  const append = (line: string): Promise<void> | undefined => {
    const size = Buffer.byteLength(line);
    if (filled + size <= BLOCK_BYTES) {
      filled += block.write(line, filled);
      return undefined;
    }
    return stage().then(async () => {
      if (size <= BLOCK_BYTES) filled += block.write(line, filled);
      else {
        await deps.archive.stageBlock(task.runId, task.partition, blocks, Buffer.from(line));
        blocks += 1;
      }
    });
  };
  const fetchPage = (token: string | null) =>
    deps.api.getOrdersPage({
      partition: task.partition,
      top: deps.pageSize,
      continuationToken: token,
      ...(start.since ? { since: start.since } : {}),
    });

  // One page is requested ahead while the last one is processed, so the server's time and the
  // client's overlap instead of adding up.
  let next: Promise<OrdersPage> | undefined = fetchPage(continuationToken);
  for (let read = 1; next; read++) {
    const page: OrdersPage = await next;
    next =
      page.continuationToken !== null && read < deps.chunk.pages && deps.now() < deadline
        ? fetchPage(page.continuationToken)
        : undefined;
    // A rejected read-ahead surfaces when awaited; until then it must not count as unhandled.
    next?.catch(() => undefined);
    // Let the read-ahead's request go out (token lookup, socket write) before this page's
    // synchronous work, so the server prepares the next page while this one is processed.
    if (next) await new Promise<void>((resolve) => setImmediate(resolve));
    pages += 1;
    // A full read pages by id, so no order comes twice; a delta can repeat one across pages.
    const previousPage = dedupe ? new Set(lastPageKeys) : undefined;
    const pageKeys: string[] = [];
    let newestAt = '';
    for (const order of page.items) {
      if (order.updatedAt > newestAt) newestAt = order.updatedAt;
      if (dedupe) {
        const key = orderVersionKey(order);
        pageKeys.push(key);
        if (seenLastRun.has(key) || previousPage?.has(key)) continue;
      }
      const full = append(`${JSON.stringify(order)}\n`);
      if (full) await full;
      orders += 1;
    }
    lastPageKeys = pageKeys;
    if (newestAt) newest = Math.max(newest, Date.parse(newestAt));
    const floor = new Date(Math.max(0, newest - deps.overlapMs)).toISOString();
    // Most orders of a big read are old: only those near the newest instant are kept.
    const near = page.items.filter((order) => order.updatedAt >= floor).map(orderVersionKey);
    if (near.length > 0 || (recent.length > 0 && (recent[0] as string) < floor)) {
      recent = keepRecent([...recent, ...near], newest - deps.overlapMs);
    }
    continuationToken = page.continuationToken;
    if (continuationToken === null) watermark = page.watermark ?? null;
  }
  // A read that ends without having staged a block fits in this one: it is written whole.
  const whole = continuationToken === null && blocks === 0 ? block.subarray(0, filled) : undefined;
  if (!whole) await stage();
  const progress: ChunkProgress = {
    ...start,
    phase: continuationToken === null ? 'committing' : 'reading',
    continuationToken,
    chunks: start.chunks + 1,
    pages,
    orders,
    blocks,
    recent,
    lastPageKeys,
    watermark,
  };
  return whole ? { progress, whole } : { progress };
}

/** The state once the blob is committed: a `since` run leaves the watermark where it was. */
function commitState(
  state: PartitionSyncState,
  progress: ChunkProgress,
  overlapMs: number,
): PartitionSyncState {
  const advance = progress.mode !== 'since' && progress.watermark !== null;
  const previous = progress.mode === 'incremental' ? state.watermark : null;
  const watermark = advance ? latest(previous, progress.watermark) : state.watermark;
  const recent =
    advance && watermark
      ? keepRecent(
          [...(progress.mode === 'incremental' ? state.recent : []), ...progress.recent],
          Date.parse(watermark) - overlapMs,
        )
      : state.recent;
  return {
    ...state,
    watermark,
    recent,
    lastRunId: progress.runId,
    run: { ...progress, phase: 'done', recent: [], lastPageKeys: [], watermarkAfter: watermark },
  };
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function synced(task: PartitionTask, progress: ChunkProgress): ChunkOutcome {
  return {
    name: task.partition,
    status: 'synced',
    mode: progress.mode,
    ...(progress.fullBecause ? { fullBecause: progress.fullBecause } : {}),
    orders: progress.orders,
    pages: progress.pages,
    chunks: progress.chunks,
    watermarkBefore: progress.watermarkBefore,
    watermarkAfter: progress.watermarkAfter ?? null,
    blobPath: partitionBlobPath(task.runId, task.partition),
  };
}
