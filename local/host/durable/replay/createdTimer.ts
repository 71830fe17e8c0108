import { EventType, historyEvent, type HistoryEvent } from './historyEvents.js';
import type { WorkItem } from './WorkItem.js';

/** A durable timer the engine starts itself: its TimerCreated event and the work that fires it. */
export interface CreatedTimer {
  readonly event: HistoryEvent;
  readonly work: WorkItem;
}

/**
 * The TimerCreated event (FireAt as ISO text) and timer work of timer `timerId`, created at `now`
 * to fire at `fireAt` (epoch ms): what polling waits, long-timer steps and retry back-offs add.
 */
export function createdTimer(timerId: number, fireAt: number, now: number): CreatedTimer {
  return {
    event: historyEvent(
      EventType.TimerCreated,
      now,
      { FireAt: new Date(fireAt).toISOString() },
      timerId,
    ),
    work: { kind: 'timer', timerId, fireAt },
  };
}
