import { ActionType, actionInputText, type OrchestratorAction } from './actions.js';
import { actionsFingerprint, assertSameActions } from './assertSameActions.js';
import { HTTP_ACTIVITY } from './durableHttp.js';
import { EventType, historyEvent, type HistoryEvent } from './historyEvents.js';
import { httpActivityInput, type HttpPollTrack } from './httpPolling.js';
import { firstTimerFireAt } from './longTimers.js';
import type { ReplayProgress, RetryTrack } from './ReplayProgress.js';
import type { Scheduling } from './Scheduling.js';
import { subOrchestrationId } from './subOrchestrationId.js';
import type { WorkItem } from './WorkItem.js';

/** Thrown for actions the local host cannot run (entities). */
export class UnsupportedActionError extends Error {
  readonly code = 'ERR_DURABLE_UNSUPPORTED_ACTION';
  override name = 'UnsupportedActionError';
}

const UNSUPPORTED: Readonly<Record<number, string>> = {
  [ActionType.CallEntity]: 'callEntity',
  [ActionType.SignalEntity]: 'signalEntity',
  [ActionType.LockEntities]: 'lock',
  [ActionType.ReleaseEntities]: 'lock',
};

/** What the new actions of an episode add. */
export interface ActionScheduling extends Scheduling {
  /** ContinueAsNew's input (JSON text or undefined) when the orchestrator called it. */
  readonly continueAsNew?: { readonly input?: string };
}

/**
 * Gives each action not seen before the EventId the SDK gave its task (sequential, in action
 * order; external events take none), and cancels timers the orchestrator cancelled.
 *
 * @throws {UnsupportedActionError} for entity actions.
 * @throws {NonDeterminismError} when replay did not reproduce earlier actions.
 */
export function scheduleActions(
  instanceId: string,
  leaves: readonly OrchestratorAction[],
  progress: ReplayProgress,
  now: number,
): ActionScheduling {
  assertSameActions(leaves, progress);
  let { nextId, timers } = progress;
  const retries: RetryTrack[] = [...progress.retries];
  const httpPolls: HttpPollTrack[] = [...(progress.httpPolls ?? [])];
  const scheduled: HistoryEvent[] = [];
  const work: WorkItem[] = [];
  let continueAsNew: { input?: string } | undefined;

  for (const timer of timers) {
    if (timer.leaf !== undefined && leaves[timer.leaf]?.isCanceled === true) {
      work.push({ kind: 'cancelTimer', timerId: timer.id });
    }
  }
  timers = timers.filter((t) => t.leaf === undefined || leaves[t.leaf]?.isCanceled !== true);

  for (let leaf = progress.leafCount; leaf < leaves.length; leaf++) {
    const action = leaves[leaf] as OrchestratorAction;
    const unsupported = UNSUPPORTED[action.actionType];
    if (unsupported) {
      throw new UnsupportedActionError(
        `context.df.${unsupported}() is not supported by the local host yet (durable entities need the real Durable Functions extension).`,
      );
    }
    const name = action.functionName ?? '';
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry: {
        const taskId = nextId++;
        const input = actionInputText(action, false);
        scheduled.push(
          historyEvent(EventType.TaskScheduled, now, { Name: name, Input: input }, taskId),
        );
        work.push({ kind: 'activity', taskId, name, input });
        if (action.retryOptions) {
          retries.push({
            kind: 'activity',
            name,
            input,
            policy: action.retryOptions,
            attempt: 1,
            firstAttemptAt: now,
            taskId,
          });
        }
        break;
      }
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry: {
        const taskId = nextId++;
        const input = actionInputText(action, true);
        const childId = action.instanceId || subOrchestrationId(instanceId, taskId);
        scheduled.push(
          historyEvent(
            EventType.SubOrchestrationInstanceCreated,
            now,
            { Name: name, InstanceId: childId, Input: input },
            taskId,
          ),
        );
        work.push({ kind: 'subOrchestration', taskId, name, instanceId: childId, input });
        if (action.retryOptions) {
          retries.push({
            kind: 'subOrchestration',
            name,
            input,
            ...(action.instanceId ? { childInstanceId: action.instanceId } : {}),
            policy: action.retryOptions,
            attempt: 1,
            firstAttemptAt: now,
            taskId,
          });
        }
        break;
      }
      case ActionType.CreateTimer: {
        const timerId = nextId++;
        const finalFireAt = Date.parse(action.fireAt ?? '');
        const fireAt = firstTimerFireAt(now, finalFireAt);
        const long = fireAt !== finalFireAt;
        scheduled.push(
          historyEvent(
            EventType.TimerCreated,
            now,
            { FireAt: long ? new Date(fireAt).toISOString() : action.fireAt },
            timerId,
          ),
        );
        if (action.isCanceled !== true) {
          work.push({ kind: 'timer', timerId, fireAt });
          timers = [...timers, { id: timerId, fireAt, leaf, ...(long ? { finalFireAt } : {}) }];
        }
        break;
      }
      case ActionType.CallHttp: {
        const taskId = nextId++;
        const request = action.httpRequest ?? { method: 'GET', uri: '' };
        const input = httpActivityInput(request);
        scheduled.push(
          historyEvent(EventType.TaskScheduled, now, { Name: HTTP_ACTIVITY, Input: input }, taskId),
        );
        work.push({ kind: 'activity', taskId, name: HTTP_ACTIVITY, input });
        // With schema V3 the SDK polls only when the asynchronous pattern is on (the default).
        if (request.asynchronousPatternEnabled !== false) {
          httpPolls.push({ taskId, request });
        }
        break;
      }
      case ActionType.ContinueAsNew:
        continueAsNew = { input: actionInputText(action, false) };
        break;
      default:
        // WaitForExternalEvent: raised events are delivered whenever they arrive.
        break;
    }
  }
  return {
    progress: {
      nextId,
      leafCount: leaves.length,
      leafHash: actionsFingerprint(leaves, leaves.length),
      retries,
      timers,
      ...(httpPolls.length > 0 ? { httpPolls } : {}),
    },
    scheduled,
    work,
    ...(continueAsNew ? { continueAsNew } : {}),
  };
}
