import type { TraceCarrier } from '../../shared/telemetry/traceCarrier.js';
import type { ListPartitionsResult } from './orchestrateSync.js';
import { TokenAcquisitionError } from '../tokens/TokenAcquisitionError.js';
import { OrdersApiError } from './OrdersApiError.js';
import { SyncStateConflictError } from './state/SyncStateStore.js';
import { toSyncFailure } from './syncFailures.js';
import { syncPartitionChunk, type ChunkDeps } from './syncPartitionChunk.js';
import type { ChunkOutcome, PartitionTask, SyncFailure, SyncSummary } from './syncTypes.js';

/** What a chunk needs, less what the activities supply themselves (failure mapping, clock). */
export type SyncActivityDeps = Omit<ChunkDeps, 'describeFailure' | 'now'> & {
  /** Epoch ms. Default `Date.now`. */
  readonly now?: () => number;
};

export interface SyncActivities {
  listPartitions(input: { runId: string; trace?: TraceCarrier }): Promise<ListPartitionsResult>;
  syncChunk(task: PartitionTask): Promise<ChunkOutcome>;
  writeRunReport(summary: SyncSummary): Promise<string>;
}

/**
 * The sync's I/O, one function per activity. Every failure comes back as a value saying whether
 * a later attempt may help (`retryable`) or the whole run is doomed (`fatal`); the orchestrator
 * decides about durable retries, so a server that said 403 is never hammered.
 */
export function createSyncActivities(deps: SyncActivityDeps): SyncActivities {
  function describeFailure(error: unknown): SyncFailure {
    if (error instanceof OrdersApiError) return toSyncFailure(error.code, error.message);
    if (error instanceof SyncStateConflictError) {
      return toSyncFailure('SYNC_STATE_CONFLICT', error.message);
    }
    if (error instanceof TokenAcquisitionError) return toSyncFailure(error.code, error.message);
    return toSyncFailure('SYNC_FAILED', error instanceof Error ? error.message : String(error));
  }

  return {
    async listPartitions({ runId }) {
      try {
        return { ok: true, partitions: await deps.api.listPartitions() };
      } catch (error) {
        const failure = describeFailure(error);
        deps.logger.warn('listing partitions failed', { runId, code: failure.code });
        return { ok: false, error: failure };
      }
    },

    syncChunk(task) {
      return syncPartitionChunk(
        {
          api: deps.api,
          archive: deps.archive,
          state: deps.state,
          pageSize: deps.pageSize,
          chunk: deps.chunk,
          overlapMs: deps.overlapMs,
          now: deps.now ?? Date.now,
          describeFailure,
          logger: deps.logger,
        },
        task,
      );
    },

    writeRunReport(summary) {
      return deps.archive.writeReport(summary);
    },
  };
}
