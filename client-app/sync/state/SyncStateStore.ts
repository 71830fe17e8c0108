import type { PartitionSyncState } from './partitionSyncState.js';

/** What reading a partition's sync state found. `etag` guards the next write either way. */
export type SyncStateRead =
  | { readonly kind: 'absent' }
  | { readonly kind: 'found'; readonly state: PartitionSyncState; readonly etag: string }
  /** Present but unusable (hand-edited, truncated, another version): the partition resyncs in full. */
  | { readonly kind: 'corrupt'; readonly reason: string; readonly etag: string };

/**
 * Per-partition sync state. Writes are conditional: `etag` undefined creates (and fails if the
 * state exists), otherwise it replaces only that version, so two executions of the same chunk
 * (a re-delivered activity) cannot both advance it.
 */
export interface SyncStateStore {
  read(partition: string): Promise<SyncStateRead>;
  /**
   * @returns the new etag.
   * @throws {SyncStateConflictError} when the state changed since it was read.
   */
  write(partition: string, state: PartitionSyncState, etag: string | undefined): Promise<string>;
}

export class SyncStateConflictError extends Error {
  readonly code = 'SYNC_STATE_CONFLICT';
  constructor(partition: string) {
    super(`the sync state of partition ${partition} changed while this step worked on it`);
    this.name = 'SyncStateConflictError';
  }
}

/** The blob (or key) a partition's state lives at; outside `runs/`, so retention never removes it. */
export function syncStatePath(partition: string): string {
  return `state/partitions/${partition}.json`;
}
