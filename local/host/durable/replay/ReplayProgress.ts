import type { RetryPolicy } from './actions.js';
import type { HttpPollTrack } from './httpPolling.js';

/**
 * A CallActivityWithRetry / CallSubOrchestratorWithRetry the host is retrying. The SDK emits the
 * action once; attempt n fails → the next id is the retry timer → once it fires, the next id is
 * the rescheduled attempt.
 */
export interface RetryTrack {
  readonly kind: 'activity' | 'subOrchestration';
  readonly name: string;
  /** JSON text. */
  readonly input?: string;
  /** The sub-orchestration instance id the action fixed, if any. */
  readonly childInstanceId?: string;
  readonly policy: RetryPolicy;
  /** The SDK's `attemptNumber`: 1 for the first attempt, incremented on each failure. */
  readonly attempt: number;
  readonly firstAttemptAt: number;
  /** EventId of the attempt in flight. */
  readonly taskId: number;
  /** EventId of the retry timer, while waiting for it. */
  readonly timerId?: number;
  /** Set once the retry timeout ran out: later attempts fail at once with this failure. */
  readonly expired?: { readonly reason: string; readonly details: string };
}

/** A durable timer not yet fired; `leaf` is the action index of user timers (for cancellation). */
export interface OpenTimer {
  readonly id: number;
  readonly fireAt: number;
  readonly leaf?: number;
  /** For a step of a long timer (see `longTimers.ts`): when the user's timer ends. */
  readonly finalFireAt?: number;
}

/** What the host must remember between episodes to number and diff the SDK's actions. */
export interface ReplayProgress {
  /** The SDK's next task sequence number. */
  readonly nextId: number;
  /** Leaf actions already scheduled (the action list always covers the whole replay). */
  readonly leafCount: number;
  /** Fingerprint of those actions, to detect non-deterministic replays. */
  readonly leafHash?: string;
  readonly retries: readonly RetryTrack[];
  readonly timers: readonly OpenTimer[];
  /** Durable HTTP calls that poll a 202's Location (absent when none). */
  readonly httpPolls?: readonly HttpPollTrack[];
}

export const INITIAL_PROGRESS: ReplayProgress = {
  nextId: 0,
  leafCount: 0,
  retries: [],
  timers: [],
};
