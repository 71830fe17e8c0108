import { EVENT_TYPE_NAMES, EventType, historyEvent, type HistoryEvent } from './historyEvents.js';

/** DTFx OrchestrationStatus.Failed, as ExecutionCompleted carries it. */
const FAILED = 3;

/** An activity whose failure a rewind cleared. */
export interface RewoundActivity {
  readonly taskId: number;
  readonly name: string;
  readonly input?: string;
}

/** What rewinding a failed execution's history gives. */
export interface RewoundHistory {
  /** The history with its failure events turned into GenericEvents, plus re-scheduled tasks. */
  readonly history: readonly HistoryEvent[];
  /** Activities to run again: their TaskScheduled events are re-appended to `history`. */
  readonly activities: readonly RewoundActivity[];
  /** Failed sub-orchestrations to rewind too; the parent then waits for them. */
  readonly children: readonly string[];
}

const rewound = (event: HistoryEvent): HistoryEvent => ({
  ...event,
  EventType: EventType.GenericEvent,
  Reason: `Rewound: ${EVENT_TYPE_NAMES[event.EventType] ?? String(event.EventType)}`,
});

/**
 * Rewinds a failed execution as DTFx's Azure Storage tracking store does
 * (`AzureTableTrackingStore.RewindHistoryAsync`, Azure/durabletask): the failed ExecutionCompleted,
 * every TaskFailed and its TaskScheduled, and every SubOrchestrationInstanceFailed become
 * GenericEvents, which replay ignores; failed children are rewound in turn. There the SDK then
 * re-emits the activity and DTFx schedules it again; the local host numbers actions by position
 * (its progress already counts that action), so it re-appends the TaskScheduled itself.
 */
export function rewindHistory(history: readonly HistoryEvent[], now: number): RewoundHistory {
  const failedTasks = new Set<unknown>();
  const children: string[] = [];
  const createdChildren = new Map<unknown, string>();
  for (const event of history) {
    if (event.EventType === EventType.TaskFailed) failedTasks.add(event['TaskScheduledId']);
    if (event.EventType === EventType.SubOrchestrationInstanceCreated) {
      createdChildren.set(event.EventId, String(event['InstanceId']));
    }
  }
  const activities: RewoundActivity[] = [];
  const out = history.map((event): HistoryEvent => {
    switch (event.EventType) {
      case EventType.ExecutionCompleted:
        return event['OrchestrationStatus'] === FAILED ? rewound(event) : event;
      case EventType.TaskFailed:
        return rewound(event);
      case EventType.TaskScheduled:
        if (!failedTasks.has(event.EventId)) return event;
        activities.push({
          taskId: event.EventId,
          name: String(event['Name']),
          ...(typeof event['Input'] === 'string' ? { input: event['Input'] } : {}),
        });
        return rewound(event);
      case EventType.SubOrchestrationInstanceFailed: {
        const child = createdChildren.get(event['TaskScheduledId']);
        if (child !== undefined) children.push(child);
        return rewound(event);
      }
      default:
        return event;
    }
  });
  const rescheduled = activities.map((a) =>
    historyEvent(
      EventType.TaskScheduled,
      now,
      { Name: a.name, ...(a.input === undefined ? {} : { Input: a.input }) },
      a.taskId,
    ),
  );
  return { history: [...out, ...rescheduled], activities, children };
}
