import type { DriverMessage, ManagementResult } from './driverMessages.js';
import type { Effect } from './Effect.js';
import { statusLine } from './finishedEffects.js';
import { subOrchestrationFinished } from './replay/completionEvents.js';
import { EventType, historyEvent, type HistoryEvent } from './replay/historyEvents.js';
import { TERMINAL_STATUSES, type InstanceRecord } from './store/InstanceStore.js';

/** A management message addressed to a driver. */
export type ManagementMessage = Extract<
  DriverMessage,
  { kind: 'raiseEvent' | 'terminate' | 'suspend' | 'resume' }
>;

/** What a management message does: the record to save (the same one: nothing), and after. */
export interface ManagementTurn {
  readonly result: ManagementResult;
  readonly record: InstanceRecord;
  readonly appended?: readonly HistoryEvent[];
  /** The instance is over (terminated). */
  readonly finished: boolean;
  /** An episode may now run. */
  readonly wake: boolean;
  readonly effects: readonly Effect[];
}

const unchanged = (record: InstanceRecord, result: ManagementResult): ManagementTurn => ({
  result,
  record,
  finished: false,
  wake: false,
  effects: [],
});

function appendEvent(
  record: InstanceRecord,
  changes: Partial<InstanceRecord>,
  event: HistoryEvent,
  now: number,
) {
  return {
    record: {
      ...record,
      ...changes,
      lastUpdatedTime: now,
      historyLength: record.historyLength + 1,
    },
    appended: [event],
  };
}

/**
 * Raise, terminate, suspend and resume, as pure decisions: a finished instance is gone (410);
 * a raised event is persisted in the inbox before the 202; terminate ends the instance with the
 * reason as its output and tells its parent; suspend holds episodes until resume.
 */
export function manage(
  record: InstanceRecord,
  message: ManagementMessage,
  now: number,
): ManagementTurn {
  if (TERMINAL_STATUSES.includes(record.runtimeStatus)) return unchanged(record, 'gone');
  switch (message.kind) {
    case 'raiseEvent': {
      const event = historyEvent(EventType.EventRaised, now, {
        Name: message.name,
        Input: message.data,
      });
      const next = { ...record, inbox: [...record.inbox, event] };
      return { result: 'accepted', record: next, finished: false, wake: true, effects: [] };
    }
    case 'terminate': {
      const terminated = historyEvent(EventType.ExecutionTerminated, now, {
        Input: message.reason,
      });
      const output = JSON.stringify(message.reason);
      const next = appendEvent(
        record,
        { runtimeStatus: 'Terminated', output, inbox: [] },
        terminated,
        now,
      );
      const effects: Effect[] = [statusLine(record, 'warn', `terminated: ${message.reason}`)];
      if (record.parentInstanceId !== undefined && record.parentTaskId !== undefined) {
        const child = next.record;
        const event = subOrchestrationFinished(
          record.parentTaskId,
          true,
          output,
          'terminated',
          now,
        );
        effects.push({ kind: 'notifyParent', child, event });
      }
      return { result: 'accepted', ...next, finished: true, wake: false, effects };
    }
    case 'suspend': {
      if (record.runtimeStatus === 'Suspended') return unchanged(record, 'accepted');
      const event = historyEvent(EventType.ExecutionSuspended, now, { Reason: message.reason });
      const next = appendEvent(record, { runtimeStatus: 'Suspended' }, event, now);
      return { result: 'accepted', ...next, finished: false, wake: false, effects: [] };
    }
    case 'resume': {
      if (record.runtimeStatus !== 'Suspended') return unchanged(record, 'accepted');
      const event = historyEvent(EventType.ExecutionResumed, now, { Reason: message.reason });
      const next = appendEvent(record, { runtimeStatus: 'Running' }, event, now);
      return { result: 'accepted', ...next, finished: false, wake: true, effects: [] };
    }
  }
}
