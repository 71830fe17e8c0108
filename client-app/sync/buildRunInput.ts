import type { SyncRunDefaults, SyncRunInput } from './syncTypes.js';

/** One run's input: the configured defaults, narrowed by what the starter was asked for. */
export function buildRunInput(
  defaults: SyncRunDefaults,
  trigger: SyncRunInput['trigger'],
  request: { readonly partitions?: readonly string[]; readonly since?: string } = {},
): SyncRunInput {
  const partitions = request.partitions ?? defaults.partitions;
  return {
    trigger,
    maxParallel: defaults.maxParallel,
    activityRetry: defaults.activityRetry,
    ...(partitions && partitions.length > 0 ? { partitions } : {}),
    ...(request.since ? { since: request.since } : {}),
  };
}
