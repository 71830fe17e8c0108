/** DTFx history event types, as numbered in durable-functions' `HistoryEventType`. */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventRaised: 15,
  ContinueAsNew: 16,
  /** What a rewind turns failure events into (DTFx `EventType.GenericEvent`); replay skips it. */
  GenericEvent: 17,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

/** Names of the event types, for the status API's readable history. */
export const EVENT_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(EventType).map(([name, value]) => [value, name]),
);

/**
 * One DTFx history event in its JSON shape (PascalCase). `EventId` is -1 unless the event
 * schedules something; `Timestamp` is ISO text (the SDK turns it into a Date).
 */
export interface HistoryEvent {
  readonly EventType: number;
  readonly EventId: number;
  readonly IsPlayed: boolean;
  readonly Timestamp: string;
  readonly [field: string]: unknown;
}

/** Builds a history event stamped at `at` (epoch ms). */
export function historyEvent(
  type: number,
  at: number,
  fields: Readonly<Record<string, unknown>> = {},
  eventId = -1,
): HistoryEvent {
  return {
    EventType: type,
    EventId: eventId,
    IsPlayed: false,
    Timestamp: new Date(at).toISOString(),
    ...fields,
  };
}

/** The id of the task an event completes (`TaskScheduledId` or `TimerId`), if any. */
export function completedTaskId(event: HistoryEvent): number | undefined {
  const id = event['TaskScheduledId'] ?? event['TimerId'];
  return typeof id === 'number' ? id : undefined;
}
