import type { HistoryEvent } from './historyEvents.js';
import { TIMER_LIMITS } from './longTimers.js';

/** The orchestrationTrigger value the Durable extension sends to the Node worker. */
export interface OrchestrationTriggerInput {
  readonly history: HistoryEvent[];
  readonly input: unknown;
  readonly instanceId: string;
  readonly isReplaying: boolean;
  readonly parentInstanceId: string | null;
  readonly upperSchemaVersion: 1;
  readonly upperSchemaVersionNew: 2;
  readonly longRunningTimerIntervalDuration: string;
  readonly maximumShortTimerDuration: string;
  /** Misspelt as in the extension and the SDK. */
  readonly defaultHttpAsyncRequestSleepTimeMillseconds: number;
}

/** Builds the trigger input; `history` must already be a fresh copy (the SDK mutates it). */
export function buildTriggerInput(
  instanceId: string,
  parentInstanceId: string | undefined,
  inputText: string | undefined,
  history: HistoryEvent[],
): OrchestrationTriggerInput {
  return {
    history,
    input: inputText === undefined ? undefined : (JSON.parse(inputText) as unknown),
    instanceId,
    isReplaying: history.some((e) => e.IsPlayed),
    parentInstanceId: parentInstanceId ?? null,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    longRunningTimerIntervalDuration: TIMER_LIMITS.longRunningTimerIntervalDuration,
    maximumShortTimerDuration: TIMER_LIMITS.maximumShortTimerDuration,
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
}
