import type { HistoryEvent } from './replay/historyEvents.js';
import type { WorkItem } from './replay/WorkItem.js';
import type { InstanceRecord } from './store/InstanceStore.js';

/**
 * What a driver's turn asks the outside world to do. The {@link EffectRunner} carries effects out
 * without touching any instance's state and reports back only by posting messages.
 */
export type Effect =
  /** Work of the execution `executionId` (activity, timer, sub-orchestration, a known result). */
  | { readonly kind: 'dispatch'; readonly executionId: string; readonly item: WorkItem }
  /** After a restart: finish or re-deliver a sub-orchestration the history left unfinished. */
  | {
      readonly kind: 'recoverChild';
      readonly executionId: string;
      readonly taskId: number;
      readonly name: string;
      readonly childId: string;
      readonly input?: string;
    }
  /** Stop every timer of the instance (it finished, was replaced or continued as new). */
  | { readonly kind: 'cancelTimers' }
  /** Post `retryDue` after `delayMs` on the engine's clock. */
  | { readonly kind: 'retryAfter'; readonly delayMs: number }
  /** Tell the parent orchestration that this sub-orchestration finished. */
  | { readonly kind: 'notifyParent'; readonly child: InstanceRecord; readonly event: HistoryEvent }
  /** The instance is done (or gone): forget its driver and wake whoever waits for it. */
  | { readonly kind: 'complete'; readonly record: InstanceRecord }
  | { readonly kind: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string };
