import type { SyncFailure } from './syncTypes.js';

/** An activity that threw (it should not: failures are values) — e.g. the host timed it out. */
export function unexpectedFailure(error: unknown): SyncFailure {
  const text = error instanceof Error ? error.message : String(error);
  return {
    code: 'ACTIVITY_FAILED',
    message: text.length > 500 ? `${text.slice(0, 497)}...` : text,
    retryable: true,
    fatal: false,
  };
}
