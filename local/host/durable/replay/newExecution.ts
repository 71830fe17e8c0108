import type { InstanceRecord } from '../store/InstanceStore.js';
import { executionStarted } from './executionStarted.js';
import type { HistoryEvent } from './historyEvents.js';
import { INITIAL_PROGRESS } from './ReplayProgress.js';

/** What starts an instance. */
export interface NewInstance {
  readonly name: string;
  readonly instanceId: string;
  readonly executionId: string;
  /** JSON text. */
  readonly input: string | undefined;
  readonly now: number;
  readonly parent?: { readonly instanceId: string; readonly taskId: number };
}

/** A Pending record whose inbox holds ExecutionStarted, for the first episode to deliver. */
export function newInstanceRecord(start: NewInstance): InstanceRecord {
  const { name, instanceId, executionId, input, now, parent } = start;
  return {
    instanceId,
    name,
    executionId,
    runtimeStatus: 'Pending',
    ...(input === undefined ? {} : { input }),
    createdTime: now,
    lastUpdatedTime: now,
    ...(parent ? { parentInstanceId: parent.instanceId, parentTaskId: parent.taskId } : {}),
    historyLength: 0,
    progress: INITIAL_PROGRESS,
    inbox: [executionStarted(name, instanceId, executionId, input, now, parent?.instanceId)],
  };
}

/**
 * The record of the execution that ContinueAsNew starts: same instance, fresh history, with the
 * raised events the previous execution left unconsumed.
 */
export function continuedRecord(
  record: InstanceRecord,
  executionId: string,
  input: string | undefined,
  now: number,
  carriedEvents: readonly HistoryEvent[] = [],
): InstanceRecord {
  const { instanceId, name, parentInstanceId } = record;
  return {
    ...record,
    input,
    output: undefined,
    executionId,
    runtimeStatus: 'Running',
    lastUpdatedTime: now,
    historyLength: 0,
    progress: INITIAL_PROGRESS,
    inbox: [
      executionStarted(name, instanceId, executionId, input, now, parentInstanceId),
      ...carriedEvents,
    ],
  };
}
