import { toSyncFailure } from './syncFailures.js';
import type { SyncFailure } from './syncTypes.js';

/** An activity that threw (it should not: failures are values) — e.g. the host timed it out. */
export function unexpectedFailure(error: unknown): SyncFailure {
  return toSyncFailure('ACTIVITY_FAILED', error instanceof Error ? error.message : String(error));
}
