import type { HistoryEvent } from './historyEvents.js';

/** Splits `events`, each part in its order: those `first` holds for, then the others. */
export function partitionEvents(
  events: readonly HistoryEvent[],
  first: (event: HistoryEvent) => boolean,
): [firstEvents: HistoryEvent[], otherEvents: HistoryEvent[]] {
  const firstEvents: HistoryEvent[] = [];
  const otherEvents: HistoryEvent[] = [];
  for (const event of events) (first(event) ? firstEvents : otherEvents).push(event);
  return [firstEvents, otherEvents];
}
