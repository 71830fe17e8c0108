import { ActionType, type OrchestratorAction } from './actions.js';
import { EventType, type HistoryEvent } from './historyEvents.js';

/**
 * External events an execution received but never waited for, which ContinueAsNew carries into
 * the next execution (the extension's default "carryover" behaviour). Per event name, the waits
 * in the action list consume the earliest events; the rest are carried, in arrival order.
 */
export function carryOverEvents(
  leaves: readonly OrchestratorAction[],
  history: readonly HistoryEvent[],
): HistoryEvent[] {
  const waits = new Map<string, number>();
  for (const action of leaves) {
    if (action.actionType === ActionType.WaitForExternalEvent && action.externalEventName) {
      waits.set(action.externalEventName, (waits.get(action.externalEventName) ?? 0) + 1);
    }
  }
  const carried: HistoryEvent[] = [];
  for (const event of history) {
    if (event.EventType !== EventType.EventRaised) continue;
    const name = String(event['Name']);
    const remaining = waits.get(name) ?? 0;
    if (remaining > 0) waits.set(name, remaining - 1);
    else carried.push({ ...event, IsPlayed: false });
  }
  return carried;
}
