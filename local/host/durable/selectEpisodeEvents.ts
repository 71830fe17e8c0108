import { completedTaskId, EventType, type HistoryEvent } from './replay/historyEvents.js';
import type { RuntimeStatus } from './store/InstanceStore.js';

/** What an instance holds when the engine considers running an episode. */
export interface EpisodeCandidates {
  readonly runtimeStatus: RuntimeStatus;
  /** Persisted messages (raised events, terminate/suspend/resume, the start). */
  readonly inbox: readonly HistoryEvent[];
  /** Completions (activities, timers, sub-orchestrations) in arrival order. */
  readonly pending: readonly HistoryEvent[];
  /** Ids of tasks an episode dispatched whose checkpoint is not saved yet. */
  readonly uncommitted: ReadonlySet<number>;
  /** Activities of the instance still waiting for a concurrency slot. */
  readonly queuedActivities: number;
}

/** Whether to run an episode now and with which events; `held` stay pending either way. */
export type EpisodeSelection =
  | { readonly run: false }
  | {
      readonly run: true;
      readonly events: readonly HistoryEvent[];
      readonly held: readonly HistoryEvent[];
    };

const isActivityResult = (event: HistoryEvent): boolean =>
  event.EventType === EventType.TaskCompleted || event.EventType === EventType.TaskFailed;

/**
 * The engine's ordering rules, in one place:
 * 1. Only a Pending or Running instance runs episodes (a suspended one keeps its completions).
 * 2. A result waits until the checkpoint that scheduled its task is saved (a failed save is
 *    retried first), as DTFx only delivers work an episode committed.
 * 3. Everything else that is ready goes into one episode: inbox first, then completions in order,
 *    so a fan-in costs a few episodes rather than one per result.
 * 4. Activity results wait while more of the instance's activities are queued for a slot (they
 *    finish soon: delivering them together saves replays), unless an inbox message or another
 *    kind of completion is waiting too.
 */
export function selectEpisodeEvents(candidates: EpisodeCandidates): EpisodeSelection {
  const { runtimeStatus, inbox, pending, uncommitted, queuedActivities } = candidates;
  if (runtimeStatus !== 'Running' && runtimeStatus !== 'Pending') return { run: false };
  const held = pending.filter((e) => uncommitted.has(completedTaskId(e) ?? -1));
  const completions = pending.filter((e) => !held.includes(e));
  if (inbox.length + completions.length === 0) return { run: false };
  if (queuedActivities > 0 && inbox.length === 0 && completions.every(isActivityResult)) {
    return { run: false };
  }
  return { run: true, events: [...inbox, ...completions], held };
}
