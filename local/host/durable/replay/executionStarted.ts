import { EventType, historyEvent, type HistoryEvent } from './historyEvents.js';

/** The ExecutionStarted event that opens an execution's history. */
export function executionStarted(
  name: string,
  instanceId: string,
  executionId: string,
  input: string | undefined,
  at: number,
  parentInstanceId: string | undefined,
): HistoryEvent {
  return historyEvent(EventType.ExecutionStarted, at, {
    Name: name,
    Input: input,
    OrchestrationInstance: { InstanceId: instanceId, ExecutionId: executionId },
    ...(parentInstanceId
      ? { ParentInstance: { OrchestrationInstance: { InstanceId: parentInstanceId } } }
      : {}),
  });
}
