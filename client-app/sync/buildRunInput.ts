import { context } from '@opentelemetry/api';

import { carrierOf } from '../../shared/telemetry/traceCarrier.js';
import type { SyncRequest } from './parseSyncRequest.js';
import type { SyncRunDefaults, SyncRunInput } from './syncTypes.js';

/**
 * One run's input: the configured defaults, narrowed by what the starter was asked for.
 * Incremental unless the request says `full` or gives a `since` instant. Carries the starter's
 * active span (ids only), so the run joins the starter's trace.
 */
export function buildRunInput(
  defaults: SyncRunDefaults,
  trigger: SyncRunInput['trigger'],
  request: SyncRequest = {},
): SyncRunInput {
  const partitions = request.partitions ?? defaults.partitions;
  const trace = carrierOf(context.active());
  return {
    trigger,
    mode: request.since ? 'since' : (request.mode ?? 'incremental'),
    maxParallel: defaults.maxParallel,
    activityRetry: defaults.activityRetry,
    ...(partitions && partitions.length > 0 ? { partitions } : {}),
    ...(request.since ? { since: request.since } : {}),
    ...(trace ? { trace } : {}),
  };
}
