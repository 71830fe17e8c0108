import type { OrchestratorAction } from './actions.js';

/** What an orchestrator invocation returns (durable-functions' `OrchestratorState`). */
export interface OrchestratorState {
  readonly isDone: boolean;
  readonly actions: readonly (readonly OrchestratorAction[])[];
  readonly output?: unknown;
  readonly error?: string;
  readonly customStatus?: unknown;
  readonly schemaVersion?: number;
}

/** An orchestrator episode's result: its state, or the failure it threw. */
export type OrchestratorOutcome =
  | { readonly kind: 'state'; readonly state: OrchestratorState }
  | { readonly kind: 'failed'; readonly message: string; readonly details: string };

const OUT_OF_PROC_LABEL = '\n\n$OutOfProcData$:';

/** Normalises a returned state (Dates become ISO text, as over the wire). */
export function parseOrchestratorState(value: unknown): OrchestratorState {
  const state = JSON.parse(JSON.stringify(value ?? null)) as Partial<OrchestratorState> | null;
  if (!state || typeof state !== 'object' || !Array.isArray(state.actions)) {
    throw new TypeError(
      `The orchestrator returned ${JSON.stringify(value)}, not a durable-functions orchestrator state; register orchestrations with df.app.orchestration.`,
    );
  }
  return { ...state, isDone: state.isDone === true, actions: state.actions };
}

/**
 * Reads a thrown orchestrator error: durable-functions appends `$OutOfProcData$:` and its state
 * (whose `error` holds the orchestrator's exception message) to the error's message.
 */
export function parseOrchestratorError(error: unknown): OrchestratorOutcome {
  const text = error instanceof Error ? error.message : String(error);
  const at = text.indexOf(OUT_OF_PROC_LABEL);
  if (at < 0) {
    return {
      kind: 'failed',
      message: text,
      details: error instanceof Error ? (error.stack ?? '') : '',
    };
  }
  let state: Partial<OrchestratorState> = {};
  try {
    state = JSON.parse(text.slice(at + OUT_OF_PROC_LABEL.length)) as Partial<OrchestratorState>;
  } catch {
    // Keep the text before the label.
  }
  return { kind: 'failed', message: state.error ?? text.slice(0, at), details: '' };
}
