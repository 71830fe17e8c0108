import { EventType, historyEvent, type HistoryEvent } from './historyEvents.js';

/** TaskCompleted for an activity's return value (JSON text; `undefined` becomes `null`). */
export function activityCompleted(taskId: number, result: unknown, at: number): HistoryEvent {
  return historyEvent(EventType.TaskCompleted, at, {
    TaskScheduledId: taskId,
    Result: JSON.stringify(result ?? null),
  });
}

/** TaskFailed the way the extension reports it: `Activity function 'X' failed: <message>`. */
export function activityFailed(
  taskId: number,
  name: string,
  error: unknown,
  at: number,
): HistoryEvent {
  const message = error instanceof Error ? error.message : String(error);
  return historyEvent(EventType.TaskFailed, at, {
    TaskScheduledId: taskId,
    Reason: `Activity function '${name}' failed: ${message}`,
    Details: error instanceof Error && error.stack ? error.stack : message,
  });
}

/**
 * TaskFailed of a built-in activity (durable HTTP): DTFx reports a TaskFailureException's own
 * message, without the `Activity function 'X' failed:` prefix of app activities.
 */
export function builtInActivityFailed(taskId: number, error: unknown, at: number): HistoryEvent {
  const message = error instanceof Error ? error.message : String(error);
  return historyEvent(EventType.TaskFailed, at, {
    TaskScheduledId: taskId,
    Reason: message,
    Details: message,
  });
}

/** SubOrchestrationInstanceCompleted / Failed for a finished child (its output is JSON text). */
export function subOrchestrationFinished(
  taskId: number,
  failed: boolean,
  output: string | undefined,
  details: string,
  at: number,
): HistoryEvent {
  if (!failed) {
    return historyEvent(EventType.SubOrchestrationInstanceCompleted, at, {
      TaskScheduledId: taskId,
      Result: output ?? 'null',
    });
  }
  const reason = output === undefined ? 'failed' : (JSON.parse(output) as unknown);
  return historyEvent(EventType.SubOrchestrationInstanceFailed, at, {
    TaskScheduledId: taskId,
    Reason: typeof reason === 'string' ? reason : JSON.stringify(reason),
    Details: details,
  });
}
