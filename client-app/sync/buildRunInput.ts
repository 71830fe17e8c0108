import type { SyncRequest } from './parseSyncRequest.js';
import type { SyncRunDefaults, SyncRunInput } from './syncTypes.js';

/**
 * One run's input: the configured defaults, narrowed by what the starter was asked for.
 * Incremental unless the request says `full` or gives a `since` instant.
 */
export function buildRunInput(
  defaults: SyncRunDefaults,
  trigger: SyncRunInput['trigger'],
  request: SyncRequest = {},
): SyncRunInput {
  const partitions = request.partitions ?? defaults.partitions;
  return {
    trigger,
    mode: request.since ? 'since' : (request.mode ?? 'incremental'),
    maxParallel: defaults.maxParallel,
    activityRetry: defaults.activityRetry,
    ...(partitions && partitions.length > 0 ? { partitions } : {}),
    ...(request.since ? { since: request.since } : {}),
  };
}
