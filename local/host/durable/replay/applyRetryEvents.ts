import { createdTimer } from './createdTimer.js';
import { EventType, historyEvent, type HistoryEvent } from './historyEvents.js';
import { partitionEvents } from './partitionEvents.js';
import type { ReplayProgress, RetryTrack } from './ReplayProgress.js';
import { retryDelay } from './retryDelay.js';
import type { Scheduling } from './Scheduling.js';
import { subOrchestrationId } from './subOrchestrationId.js';
import type { WorkItem } from './WorkItem.js';

/** New events split for delivery: retry bookkeeping first (see {@link applyRetryEvents}). */
export interface RetrySplit {
  readonly retryEvents: readonly HistoryEvent[];
  readonly otherEvents: readonly HistoryEvent[];
}

function isFailure(event: HistoryEvent): boolean {
  return (
    event.EventType === EventType.TaskFailed ||
    event.EventType === EventType.SubOrchestrationInstanceFailed
  );
}

/**
 * Puts first the events that only advance a retry (a failed attempt, or a retry timer after which
 * another attempt follows). The SDK gives each of them the next task id without resuming user
 * code, so delivered first, their ids follow the last episode's ids in this order.
 */
export function splitRetryEvents(
  events: readonly HistoryEvent[],
  progress: ReplayProgress,
): RetrySplit {
  const [retryEvents, otherEvents] = partitionEvents(events, (event) =>
    progress.retries.some(
      (r) =>
        (r.timerId === undefined && isFailure(event) && event['TaskScheduledId'] === r.taskId) ||
        (event.EventType === EventType.TimerFired &&
          event['TimerId'] === r.timerId &&
          r.attempt <= r.policy.maxNumberOfAttempts),
    ),
  );
  return { retryEvents, otherEvents };
}

/**
 * Applies {@link splitRetryEvents}' retry events in order, then forgets finished retries.
 *
 * @returns the new timer and attempt events, their work, and the new progress.
 */
export function applyRetryEvents(
  instanceId: string,
  progress: ReplayProgress,
  split: RetrySplit,
  now: number,
): Scheduling {
  let { nextId, retries, timers } = progress;
  const scheduled: HistoryEvent[] = [];
  const work: WorkItem[] = [];
  const replace = (old: RetryTrack, next: RetryTrack): void => {
    retries = retries.map((r) => (r === old ? next : r));
  };
  for (const event of split.retryEvents) {
    const track = retries.find((r) =>
      isFailure(event)
        ? r.timerId === undefined && event['TaskScheduledId'] === r.taskId
        : r.timerId !== undefined && event['TimerId'] === r.timerId,
    );
    if (!track) continue;
    if (isFailure(event)) {
      const timerId = nextId++;
      const attempt = track.attempt + 1;
      const delay =
        attempt > track.policy.maxNumberOfAttempts
          ? 0
          : retryDelay(track.policy, track.attempt, track.firstAttemptAt, now);
      const fireAt = now + (delay ?? 0);
      const failure = { reason: text(event['Reason']), details: text(event['Details']) };
      const timer = createdTimer(timerId, fireAt, now);
      scheduled.push(timer.event);
      work.push(timer.work);
      timers = [...timers, { id: timerId, fireAt }];
      replace(track, {
        ...track,
        attempt,
        timerId,
        ...(delay === undefined ? { expired: failure } : {}),
      });
    } else {
      const taskId = nextId++;
      timers = timers.filter((t) => t.id !== track.timerId);
      replace(track, { ...track, taskId, timerId: undefined });
      scheduled.push(rescheduleEvent(instanceId, track, taskId, now));
      work.push(rescheduleWork(instanceId, track, taskId, now));
    }
  }
  // Successful attempts and final retry timers complete the task: the retry is over.
  for (const event of split.otherEvents) {
    retries = retries.filter(
      (r) =>
        !(
          (event.EventType === EventType.TaskCompleted ||
            event.EventType === EventType.SubOrchestrationInstanceCompleted) &&
          event['TaskScheduledId'] === r.taskId
        ) && !(event.EventType === EventType.TimerFired && event['TimerId'] === r.timerId),
    );
    if (event.EventType === EventType.TimerFired) {
      timers = timers.filter((t) => t.id !== event['TimerId']);
    }
  }
  return { progress: { ...progress, nextId, retries, timers }, scheduled, work };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function childId(instanceId: string, track: RetryTrack, taskId: number): string {
  return track.childInstanceId ?? subOrchestrationId(instanceId, taskId);
}

function rescheduleEvent(instanceId: string, track: RetryTrack, taskId: number, now: number) {
  return track.kind === 'activity'
    ? historyEvent(EventType.TaskScheduled, now, { Name: track.name, Input: track.input }, taskId)
    : historyEvent(
        EventType.SubOrchestrationInstanceCreated,
        now,
        { Name: track.name, InstanceId: childId(instanceId, track, taskId), Input: track.input },
        taskId,
      );
}

function rescheduleWork(
  instanceId: string,
  track: RetryTrack,
  taskId: number,
  now: number,
): WorkItem {
  if (track.expired) {
    const failed =
      track.kind === 'activity' ? EventType.TaskFailed : EventType.SubOrchestrationInstanceFailed;
    return {
      kind: 'deliver',
      event: historyEvent(failed, now, {
        TaskScheduledId: taskId,
        Reason: track.expired.reason,
        Details: track.expired.details,
      }),
    };
  }
  return track.kind === 'activity'
    ? { kind: 'activity', taskId, name: track.name, input: track.input }
    : {
        kind: 'subOrchestration',
        taskId,
        name: track.name,
        instanceId: childId(instanceId, track, taskId),
        input: track.input,
      };
}
