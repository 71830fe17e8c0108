import type { HistoryEvent } from './replay/historyEvents.js';
import type { RewoundActivity } from './replay/rewindHistory.js';

/** Outcome of a management message, as the HTTP API maps it (202 / 410 / 404). */
export type ManagementResult = 'accepted' | 'gone' | 'notFound';

/** What a driver's mailbox takes. */
export type DriverMessage =
  /** Run an episode if the ordering rules allow one (a turn after new messages, to batch them). */
  | { readonly kind: 'wake' }
  /**
   * A result of an execution's work (an activity, a timer, a sub-orchestration); dropped when the
   * instance has moved on to another execution. Without `executionId`: for the current one.
   */
  | { readonly kind: 'completed'; readonly event: HistoryEvent; readonly executionId?: string }
  /** An activity of this instance left the queue for a concurrency slot. */
  | { readonly kind: 'activityStarted' }
  /** The wait after a failed episode is over. */
  | { readonly kind: 'retryDue' }
  | { readonly kind: 'raiseEvent'; readonly name: string; readonly data: string }
  | { readonly kind: 'terminate'; readonly reason: string }
  | { readonly kind: 'suspend'; readonly reason: string }
  | { readonly kind: 'resume'; readonly reason: string }
  /** A rewound instance: run the activities whose failures the rewind cleared. */
  | { readonly kind: 'rewound'; readonly activities: readonly RewoundActivity[] }
  /** Loaded after a restart: re-arm timers, re-run unfinished work. */
  | { readonly kind: 'recover' }
  /** Replaced, purged or the engine stops: do nothing more. */
  | { readonly kind: 'discard' };
