import type { Effect } from './Effect.js';
import { subOrchestrationFinished } from './replay/completionEvents.js';
import type { EpisodeOutcome } from './replay/runEpisode.js';
import type { InstanceRecord } from './store/InstanceStore.js';

/** The console line about an instance, as the host prints it. */
export function statusLine(
  record: InstanceRecord,
  level: 'info' | 'warn' | 'error',
  what: string,
): Effect {
  return {
    kind: 'log',
    level,
    message: `Orchestration '${record.name}' (${record.instanceId}) ${what}`,
  };
}

/**
 * What follows an episode that ended the instance (its record saved): its timers stop, waiters
 * wake, a line says how it ended, and a parent orchestration hears of it.
 */
export function finishedEffects(
  record: InstanceRecord,
  outcome: Extract<EpisodeOutcome, { kind: 'completed' | 'failed' }>,
  now: number,
): Effect[] {
  const failed = outcome.kind === 'failed';
  const effects: Effect[] = [
    { kind: 'cancelTimers' },
    { kind: 'complete', record },
    failed
      ? statusLine(record, 'error', `failed: ${JSON.parse(outcome.output) as string}`)
      : statusLine(record, 'info', 'completed.'),
  ];
  if (record.parentInstanceId !== undefined && record.parentTaskId !== undefined) {
    const details = failed ? outcome.details : '';
    const event = subOrchestrationFinished(
      record.parentTaskId,
      failed,
      record.output,
      details,
      now,
    );
    effects.push({ kind: 'notifyParent', child: record, event });
  }
  return effects;
}
