import type { DurableHttpRequest } from './durableHttp.js';

/** durable-functions' `ActionType` numbering. */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

/** durable-functions' `RetryOptions` as it arrives in an action. */
export interface RetryPolicy {
  readonly firstRetryIntervalInMilliseconds: number;
  readonly maxNumberOfAttempts: number;
  readonly backoffCoefficient?: number;
  readonly maxRetryIntervalInMilliseconds?: number;
  readonly retryTimeoutInMilliseconds?: number;
}

/** One orchestrator action as the SDK returns it (JSON shape; fields depend on `actionType`). */
export interface OrchestratorAction {
  readonly actionType: number;
  readonly functionName?: string;
  readonly input?: unknown;
  readonly retryOptions?: RetryPolicy;
  readonly instanceId?: string;
  readonly fireAt?: string;
  readonly isCanceled?: boolean;
  readonly externalEventName?: string;
  readonly compoundActions?: readonly OrchestratorAction[];
  /** CallHttp only. */
  readonly httpRequest?: DurableHttpRequest;
}

/**
 * The leaf actions in the order the extension schedules them: schema V2 sends one list with
 * WhenAll/WhenAny nested, V1 one list per yield; compound actions are expanded depth-first.
 */
export function flattenActions(
  actions: readonly (readonly OrchestratorAction[])[],
): OrchestratorAction[] {
  const leaves: OrchestratorAction[] = [];
  const visit = (action: OrchestratorAction): void => {
    if (action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny) {
      for (const child of action.compoundActions ?? []) visit(child);
    } else {
      leaves.push(action);
    }
  };
  for (const group of actions) for (const action of group) visit(action);
  return leaves;
}

/** Activity and ContinueAsNew inputs arrive as JSON text when they are strings, raw otherwise. */
export function actionInputText(action: OrchestratorAction, raw: boolean): string | undefined {
  const { input } = action;
  if (input === undefined) return undefined;
  if (!raw && typeof input === 'string') return input;
  return JSON.stringify(input);
}
