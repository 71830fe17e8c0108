import {
  emptySyncState,
  type ChunkProgress,
  type PartitionSyncState,
} from './state/partitionSyncState.js';
import type { SyncStateRead } from './state/SyncStateStore.js';
import type { PartitionTask } from './syncTypes.js';

/** A watermark this far ahead of the client's clock is not trusted (a clock jump, a hand edit). */
export const FUTURE_WATERMARK_TOLERANCE_MS = 5 * 60_000;

export interface ReadPlanContext {
  readonly task: PartitionTask;
  readonly stored: SyncStateRead;
  /** The client's clock, ms since the epoch. */
  readonly now: number;
  readonly overlapMs: number;
}

/**
 * How this run reads a partition: from its watermark less the overlap (incremental), from the
 * instant asked for (`since`), or everything (`full`: asked for, never synced, or a watermark
 * that cannot be trusted — the reason is kept for the report).
 */
export function planPartitionRead({ task, stored, now, overlapMs }: ReadPlanContext): {
  readonly state: PartitionSyncState;
  readonly progress: ChunkProgress;
} {
  const state: PartitionSyncState =
    stored.kind === 'found' ? stored.state : emptySyncState(task.partition);
  const base = {
    runId: task.runId,
    watermarkBefore: state.watermark,
    phase: 'reading' as const,
    continuationToken: null,
    startedAt: new Date(now).toISOString(),
    chunks: 0,
    pages: 0,
    orders: 0,
    blocks: 0,
    watermark: null,
    recent: [],
    lastPageKeys: [],
  };
  if (task.mode === 'since' && task.since) {
    return { state, progress: { ...base, mode: 'since', since: task.since } };
  }
  const full = (fullBecause: string) => ({
    state,
    progress: { ...base, mode: 'full' as const, since: null, fullBecause },
  });
  if (task.mode === 'full') return full('a full sync was requested');
  if (stored.kind === 'corrupt') return full(`${stored.reason}; read in full`);
  if (state.watermark === null) return full('first sync of this partition');
  const watermark = Date.parse(state.watermark);
  if (watermark > now + FUTURE_WATERMARK_TOLERANCE_MS) {
    return full(`the stored watermark ${state.watermark} is in the future; read in full`);
  }
  return {
    state,
    progress: {
      ...base,
      mode: 'incremental',
      since: new Date(Math.max(0, watermark - overlapMs)).toISOString(),
    },
  };
}
