import type { InstanceRecord } from '../store/InstanceStore.js';
import { flattenActions } from './actions.js';
import { applyRetryEvents, splitRetryEvents } from './applyRetryEvents.js';
import { carryOverEvents } from './carryOverEvents.js';
import { buildTriggerInput, type OrchestrationTriggerInput } from './buildTriggerInput.js';
import { EventType, historyEvent, type HistoryEvent } from './historyEvents.js';
import { applyHttpPolls, splitHttpPolls } from './httpPolling.js';
import { applyLongTimerSteps, splitLongTimerSteps } from './longTimers.js';
import {
  parseOrchestratorError,
  parseOrchestratorState,
  type OrchestratorOutcome,
} from './orchestratorResult.js';
import { scheduleActions } from './scheduleActions.js';
import type { WorkItem } from './WorkItem.js';

/** One episode to run: committed history plus the events to deliver now. */
export interface EpisodeRequest {
  readonly record: InstanceRecord;
  readonly history: readonly HistoryEvent[];
  readonly events: readonly HistoryEvent[];
  readonly now: number;
  readonly invoke: (triggerInput: OrchestrationTriggerInput) => Promise<unknown>;
}

/** How the orchestration stands after the episode. */
export type EpisodeOutcome =
  | { readonly kind: 'running' }
  | { readonly kind: 'completed'; readonly output: string }
  | { readonly kind: 'failed'; readonly output: string; readonly details: string }
  | {
      readonly kind: 'continuedAsNew';
      readonly input?: string;
      /** Raised events nobody waited for, delivered to the next execution. */
      readonly carriedEvents: readonly HistoryEvent[];
    };

export interface EpisodeResult {
  /** The record with progress, status, output and history length updated (inbox untouched). */
  readonly record: InstanceRecord;
  readonly appended: readonly HistoryEvent[];
  readonly work: readonly WorkItem[];
  readonly outcome: EpisodeOutcome;
  /** History events the SDK replayed. */
  readonly replayedEvents: number;
}

/** DTFx OrchestrationStatus numbers used in ExecutionCompleted. */
const COMPLETED = 1;
const FAILED = 3;

/**
 * Runs one orchestrator episode: delivers the events after the committed history, invokes the
 * orchestrator, and turns its actions into history events and work for the engine.
 */
export async function runEpisode(request: EpisodeRequest): Promise<EpisodeResult> {
  const { record, now } = request;
  // Events on which the SDK numbers new tasks without resuming user code go first, in the order
  // their tasks are numbered here: long-timer steps, polled HTTP 202s, retries.
  const steps = splitLongTimerSteps(request.events, record.progress, now);
  const longTimers = applyLongTimerSteps(record.progress, steps.stepEvents, now);
  const polls = splitHttpPolls(steps.otherEvents, longTimers.progress);
  const polling = applyHttpPolls(longTimers.progress, polls, now);
  const split = splitRetryEvents(polls.otherEvents, polling.progress);
  const applied = applyRetryEvents(record.instanceId, polling.progress, split, now);
  const retry = {
    progress: applied.progress,
    scheduled: [...longTimers.scheduled, ...polling.scheduled, ...applied.scheduled],
    work: [...longTimers.work, ...polling.work, ...applied.work],
  };
  const delivered = [
    historyEvent(EventType.OrchestratorStarted, now),
    ...steps.stepEvents,
    ...polls.pollEvents,
    ...split.retryEvents,
    ...split.otherEvents,
  ].map((e) => ({ ...e, IsPlayed: false }));
  const history = structuredClone([
    ...request.history.map((e) => ({ ...e, IsPlayed: true })),
    ...delivered,
  ]);
  const inputText = record.input;
  const outcome = await invokeOrchestrator(request, history, inputText);

  const finish = (
    episodeOutcome: EpisodeOutcome,
    scheduled: readonly HistoryEvent[],
    work: readonly WorkItem[],
    progress = retry.progress,
    customStatus = record.customStatus,
  ): EpisodeResult => {
    const appended = [
      ...delivered,
      ...scheduled,
      historyEvent(EventType.OrchestratorCompleted, now),
    ];
    if (episodeOutcome.kind === 'completed' || episodeOutcome.kind === 'failed') {
      appended.push(
        historyEvent(EventType.ExecutionCompleted, now, {
          OrchestrationStatus: episodeOutcome.kind === 'completed' ? COMPLETED : FAILED,
          Result: episodeOutcome.output,
        }),
      );
    }
    const runtimeStatus =
      episodeOutcome.kind === 'completed'
        ? 'Completed'
        : episodeOutcome.kind === 'failed'
          ? 'Failed'
          : 'Running';
    return {
      record: {
        ...record,
        runtimeStatus,
        ...(episodeOutcome.kind === 'completed' || episodeOutcome.kind === 'failed'
          ? { output: episodeOutcome.output }
          : {}),
        ...(customStatus === undefined ? {} : { customStatus }),
        lastUpdatedTime: now,
        historyLength: record.historyLength + appended.length,
        progress,
      },
      appended,
      work,
      outcome: episodeOutcome,
      replayedEvents: history.length,
    };
  };

  const failed = (message: string, details: string): EpisodeResult =>
    finish(
      {
        kind: 'failed',
        output: JSON.stringify(`Orchestrator function '${record.name}' failed: ${message}`),
        details,
      },
      [],
      [],
    );

  if (outcome.kind === 'failed') return failed(outcome.message, outcome.details);
  const { state } = outcome;
  const customStatus =
    state.customStatus === undefined ? record.customStatus : JSON.stringify(state.customStatus);
  const leaves = flattenActions(state.actions);
  let actions;
  try {
    actions = scheduleActions(record.instanceId, leaves, retry.progress, now);
  } catch (error) {
    return failed((error as Error).message, '');
  }
  const scheduled = [...retry.scheduled, ...actions.scheduled];
  const work = [...retry.work, ...actions.work];
  if (actions.continueAsNew) {
    return finish(
      {
        kind: 'continuedAsNew',
        ...actions.continueAsNew,
        carriedEvents: carryOverEvents(leaves, [...request.history, ...delivered]),
      },
      scheduled,
      work,
      actions.progress,
      customStatus,
    );
  }
  if (state.isDone) {
    const output = JSON.stringify(state.output ?? null);
    return finish({ kind: 'completed', output }, scheduled, [], actions.progress, customStatus);
  }
  return finish({ kind: 'running' }, scheduled, work, actions.progress, customStatus);
}

async function invokeOrchestrator(
  request: EpisodeRequest,
  history: HistoryEvent[],
  inputText: string | undefined,
): Promise<OrchestratorOutcome> {
  const { record } = request;
  try {
    const returned = await request.invoke(
      buildTriggerInput(record.instanceId, record.parentInstanceId, inputText, history),
    );
    return { kind: 'state', state: parseOrchestratorState(returned) };
  } catch (error) {
    return parseOrchestratorError(error);
  }
}
