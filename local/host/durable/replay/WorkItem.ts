import type { HistoryEvent } from './historyEvents.js';

/** Work an episode asks the engine to do once its history is committed. */
export type WorkItem =
  | {
      readonly kind: 'activity';
      readonly taskId: number;
      readonly name: string;
      readonly input?: string;
    }
  | { readonly kind: 'timer'; readonly timerId: number; readonly fireAt: number }
  | { readonly kind: 'cancelTimer'; readonly timerId: number }
  | {
      readonly kind: 'subOrchestration';
      readonly taskId: number;
      readonly name: string;
      readonly instanceId: string;
      readonly input?: string;
    }
  /** A completion known at once (an attempt past the retry timeout), for the next episode. */
  | { readonly kind: 'deliver'; readonly event: HistoryEvent };
