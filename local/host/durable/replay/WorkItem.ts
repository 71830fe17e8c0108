import { completedTaskId, type HistoryEvent } from './historyEvents.js';

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

/** The id of the task or timer a work item starts or completes, if any. */
export function workItemId(item: WorkItem): number | undefined {
  switch (item.kind) {
    case 'activity':
    case 'subOrchestration':
      return item.taskId;
    case 'timer':
      return item.timerId;
    case 'deliver':
      return completedTaskId(item.event);
    default:
      return undefined;
  }
}
