import { EventType, type HistoryEvent } from './historyEvents.js';

/** A task scheduled in history whose completion is not in history. */
export interface UnfinishedTask {
  readonly kind: 'activity' | 'subOrchestration';
  readonly taskId: number;
  readonly name: string;
  readonly input?: string;
  /** Sub-orchestrations only. */
  readonly instanceId?: string;
}

/** The activities and sub-orchestrations to resume after a restart (at-least-once). */
export function unfinishedTasks(history: readonly HistoryEvent[]): UnfinishedTask[] {
  const done = new Set<unknown>();
  for (const event of history) {
    if (
      event.EventType === EventType.TaskCompleted ||
      event.EventType === EventType.TaskFailed ||
      event.EventType === EventType.SubOrchestrationInstanceCompleted ||
      event.EventType === EventType.SubOrchestrationInstanceFailed
    ) {
      done.add(event['TaskScheduledId']);
    }
  }
  const tasks: UnfinishedTask[] = [];
  for (const event of history) {
    if (done.has(event.EventId)) continue;
    const input = typeof event['Input'] === 'string' ? { input: event['Input'] } : {};
    if (event.EventType === EventType.TaskScheduled) {
      tasks.push({
        kind: 'activity',
        taskId: event.EventId,
        name: String(event['Name']),
        ...input,
      });
    } else if (event.EventType === EventType.SubOrchestrationInstanceCreated) {
      tasks.push({
        kind: 'subOrchestration',
        taskId: event.EventId,
        name: String(event['Name']),
        instanceId: String(event['InstanceId']),
        ...input,
      });
    }
  }
  return tasks;
}
