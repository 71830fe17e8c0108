import { createHash } from 'node:crypto';

import type { OrchestratorAction } from './actions.js';
import type { ReplayProgress } from './ReplayProgress.js';

/** The orchestrator scheduled different work on replay than in earlier episodes. */
export class NonDeterminismError extends Error {
  readonly code = 'ERR_DURABLE_NONDETERMINISTIC';
  override name = 'NonDeterminismError';
}

/** A digest of the first `count` actions' kinds and names (what DTFx compares on replay). */
export function actionsFingerprint(leaves: readonly OrchestratorAction[], count: number): string {
  const hash = createHash('sha256');
  for (const action of leaves.slice(0, count)) {
    hash.update(`${action.actionType}|${action.functionName ?? action.externalEventName ?? ''}\n`);
  }
  return hash.digest('base64');
}

/**
 * Checks that replay reproduced the actions of earlier episodes, as DTFx does, so that a
 * non-deterministic orchestrator fails loudly instead of hanging.
 *
 * @throws {NonDeterminismError} naming the likely causes.
 */
export function assertSameActions(
  leaves: readonly OrchestratorAction[],
  progress: ReplayProgress,
): void {
  if (progress.leafCount === 0 || progress.leafHash === undefined) return;
  if (
    leaves.length >= progress.leafCount &&
    actionsFingerprint(leaves, progress.leafCount) === progress.leafHash
  ) {
    return;
  }
  throw new NonDeterminismError(
    `Non-deterministic workflow detected: on replay the orchestrator did not schedule the same ${progress.leafCount} activities, timers, sub-orchestrations and waits as in earlier episodes. Orchestrator code must be deterministic: use context.df.currentUtcDateTime and context.df.newGuid instead of Date and Math.random, and do I/O in activities. Was the orchestrator changed while this instance was running?`,
  );
}
