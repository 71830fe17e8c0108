import {
  DEFAULT_HTTP_ASYNC_SLEEP_MS,
  HTTP_ACTIVITY,
  headerValue,
  locationPollRequest,
  type DurableHttpRequest,
  type DurableHttpResponse,
} from './durableHttp.js';
import { createdTimer } from './createdTimer.js';
import { EventType, historyEvent, type HistoryEvent } from './historyEvents.js';
import { partitionEvents } from './partitionEvents.js';
import type { ReplayProgress } from './ReplayProgress.js';
import type { Scheduling } from './Scheduling.js';
import type { WorkItem } from './WorkItem.js';

/**
 * A polled durable HTTP call: the SDK's `CallHttpWithPollingTask` numbers, on each 202 with a
 * Location, a timer and the next call at once; the call is made once the timer fires.
 */
export interface HttpPollTrack {
  /** EventId of the HTTP call in flight, or of the next one while the timer runs. */
  readonly taskId: number;
  readonly request: DurableHttpRequest;
  /** EventId of the wait before the next call, while it runs. */
  readonly timerId?: number;
}

/** The request's JSON text as the built-in activity takes it (DTFx activity input: an array). */
export const httpActivityInput = (request: DurableHttpRequest): string => JSON.stringify([request]);

/** A 202 with a Location, the response `CallHttpWithPollingTask` polls again after. */
function acceptedLocation(event: HistoryEvent): { location: string; delayMs: number } | undefined {
  if (event.EventType !== EventType.TaskCompleted || typeof event['Result'] !== 'string') {
    return undefined;
  }
  const response = JSON.parse(event['Result']) as Partial<DurableHttpResponse> | null;
  const location = headerValue(response?.headers, 'Location');
  if (response?.statusCode !== 202 || !location) return undefined;
  const retryAfter = Number.parseInt(headerValue(response.headers, 'Retry-After') ?? '', 10);
  return {
    location,
    delayMs: Number.isNaN(retryAfter) ? DEFAULT_HTTP_ASYNC_SLEEP_MS : retryAfter * 1000,
  };
}

const callOf = (event: HistoryEvent, polls: readonly HttpPollTrack[]): HttpPollTrack | undefined =>
  polls.find((p) => p.timerId === undefined && event['TaskScheduledId'] === p.taskId);

/** New events split for delivery: polled 202 answers come first (the SDK numbers on them). */
export interface HttpPollSplit {
  readonly pollEvents: readonly HistoryEvent[];
  readonly otherEvents: readonly HistoryEvent[];
}

/** Puts first the completions of polled calls that answered 202 with a Location. */
export function splitHttpPolls(
  events: readonly HistoryEvent[],
  progress: ReplayProgress,
): HttpPollSplit {
  const polls = progress.httpPolls ?? [];
  const [pollEvents, otherEvents] = partitionEvents(
    events,
    (event) => callOf(event, polls) !== undefined && acceptedLocation(event) !== undefined,
  );
  return { pollEvents, otherEvents };
}

/**
 * Follows the extension's `CallHttpAsync` loop (DurableOrchestrationContext.cs): after a 202 with
 * a Location, a timer of Retry-After seconds (else 30 s), then a GET of the Location; any other
 * answer, or a failure, ends the call.
 *
 * @returns the timers after 202s and the next calls once they fire.
 */
export function applyHttpPolls(
  progress: ReplayProgress,
  split: HttpPollSplit,
  now: number,
): Scheduling {
  let { nextId, timers } = progress;
  let polls = progress.httpPolls ?? [];
  const scheduled: HistoryEvent[] = [];
  const work: WorkItem[] = [];
  for (const event of split.pollEvents) {
    const track = callOf(event, polls);
    const accepted = acceptedLocation(event);
    if (track === undefined || accepted === undefined) continue;
    const timerId = nextId++;
    const taskId = nextId++;
    const fireAt = now + accepted.delayMs;
    const timer = createdTimer(timerId, fireAt, now);
    scheduled.push(timer.event);
    work.push(timer.work);
    timers = [...timers, { id: timerId, fireAt }];
    const next = {
      taskId,
      timerId,
      request: locationPollRequest(track.request, accepted.location),
    };
    polls = polls.map((p) => (p === track ? next : p));
  }
  for (const event of split.otherEvents) {
    if (event.EventType === EventType.TimerFired) {
      const track = polls.find((p) => p.timerId !== undefined && p.timerId === event['TimerId']);
      if (track === undefined) continue;
      const input = httpActivityInput(track.request);
      scheduled.push(
        historyEvent(
          EventType.TaskScheduled,
          now,
          { Name: HTTP_ACTIVITY, Input: input },
          track.taskId,
        ),
      );
      work.push({ kind: 'activity', taskId: track.taskId, name: HTTP_ACTIVITY, input });
      timers = timers.filter((t) => t.id !== track.timerId);
      polls = polls.map((p) => (p === track ? { taskId: p.taskId, request: p.request } : p));
    } else if (callOf(event, polls)) {
      polls = polls.filter((p) => p !== callOf(event, polls));
    }
  }
  const next: ReplayProgress = { ...progress, nextId, timers, httpPolls: polls };
  if (polls.length === 0) delete (next as { httpPolls?: unknown }).httpPolls;
  return { progress: next, scheduled, work };
}
