import { createdTimer } from './createdTimer.js';
import { EventType, type HistoryEvent } from './historyEvents.js';
import { partitionEvents } from './partitionEvents.js';
import type { OpenTimer, ReplayProgress } from './ReplayProgress.js';
import type { Scheduling } from './Scheduling.js';
import type { WorkItem } from './WorkItem.js';

const DAY = 86_400_000;

/**
 * The Azure Storage provider's timer limits (azure-functions-durable-extension,
 * AzureStorageDurabilityProvider.cs: `MaximumDelayTime` 6 days, `LongRunningTimerIntervalLength`
 * 3 days), sent to the SDK as `maximumShortTimerDuration` / `longRunningTimerIntervalDuration`.
 */
export const TIMER_LIMITS = {
  maximumShortTimerMs: 6 * DAY,
  longRunningTimerIntervalMs: 3 * DAY,
  maximumShortTimerDuration: '6.00:00:00',
  longRunningTimerIntervalDuration: '3.00:00:00',
} as const;

/**
 * When the first durable timer of a `createTimer(fireAt)` fires, as the extension's
 * `DurableOrchestrationContext.CreateTimer` decides: a timer longer than the maximum starts with
 * a 3-day step; any other fires at `fireAt`.
 */
export function firstTimerFireAt(now: number, fireAt: number): number {
  return fireAt - now > TIMER_LIMITS.maximumShortTimerMs
    ? now + TIMER_LIMITS.longRunningTimerIntervalMs
    : fireAt;
}

/**
 * After a step of a long timer fired at `now`: the next step's fire time (3 days on, or the end
 * when less than 3 days remain), or `undefined` when the long timer is over (the extension's
 * `while (CurrentUtcDateTime < fireAt)` loop).
 */
export function nextTimerFireAt(now: number, finalFireAt: number): number | undefined {
  const remaining = finalFireAt - now;
  if (remaining <= 0) return undefined;
  return remaining < TIMER_LIMITS.longRunningTimerIntervalMs
    ? finalFireAt
    : now + TIMER_LIMITS.longRunningTimerIntervalMs;
}

/** The open long-timer step `event` fires, when another step must follow it. */
function continuedStep(
  event: HistoryEvent,
  timers: readonly OpenTimer[],
  now: number,
): OpenTimer | undefined {
  if (event.EventType !== EventType.TimerFired) return undefined;
  const timer = timers.find((t) => t.id === event['TimerId']);
  return timer?.finalFireAt !== undefined && timer.finalFireAt > now ? timer : undefined;
}

/** New events split for delivery: long-timer steps that another step follows come first. */
export interface LongTimerSplit {
  readonly stepEvents: readonly HistoryEvent[];
  readonly otherEvents: readonly HistoryEvent[];
}

/**
 * Puts first the TimerFired events after which a long timer goes on. The SDK's `LongTimerTask`
 * gives the next step the next task id as it sees the event, without resuming user code, so
 * delivered first, their ids follow the last episode's ids in this order.
 */
export function splitLongTimerSteps(
  events: readonly HistoryEvent[],
  progress: ReplayProgress,
  now: number,
): LongTimerSplit {
  const [stepEvents, otherEvents] = partitionEvents(
    events,
    (event) => continuedStep(event, progress.timers, now) !== undefined,
  );
  return { stepEvents, otherEvents };
}

/**
 * Schedules the step after each of {@link splitLongTimerSteps}' step events, in order.
 *
 * @returns the next steps' TimerCreated events and work.
 */
export function applyLongTimerSteps(
  progress: ReplayProgress,
  stepEvents: readonly HistoryEvent[],
  now: number,
): Scheduling {
  let { nextId, timers } = progress;
  const scheduled: HistoryEvent[] = [];
  const work: WorkItem[] = [];
  for (const event of stepEvents) {
    const step = continuedStep(event, timers, now);
    const finalFireAt = step?.finalFireAt;
    const fireAt = finalFireAt === undefined ? undefined : nextTimerFireAt(now, finalFireAt);
    if (step === undefined || fireAt === undefined) continue;
    const timerId = nextId++;
    const timer = createdTimer(timerId, fireAt, now);
    scheduled.push(timer.event);
    work.push(timer.work);
    timers = [
      ...timers.filter((t) => t !== step),
      { id: timerId, fireAt, ...(step.leaf === undefined ? {} : { leaf: step.leaf }), finalFireAt },
    ];
  }
  return { progress: { ...progress, nextId, timers }, scheduled, work };
}
