/** Function and instance names of the sync; starters, registrations and tests share them. */
export const SYNC_ORCHESTRATION = 'ordersSync';
/** One well-known instance id keeps runs from overlapping (with `overridableExistingInstanceStates`). */
export const SYNC_INSTANCE_ID = 'orders-sync';
/** One partition's read, chunk by chunk, in a sub-orchestration of its own. */
export const SYNC_PARTITION_ORCHESTRATION = 'ordersSyncPartition';
export const SYNC_ACTIVITIES = {
  listPartitions: 'ordersSyncListPartitions',
  syncChunk: 'ordersSyncChunk',
  writeRunReport: 'ordersSyncWriteRunReport',
} as const;
export const SYNC_TIMER_FUNCTION = 'ordersSyncTimer';
export const SYNC_HTTP_START_FUNCTION = 'ordersSyncHttpStart';
