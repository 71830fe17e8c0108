import type { Effect } from './Effect.js';
import type { HistoryEvent } from './replay/historyEvents.js';
import { unfinishedTasks } from './replay/unfinishedTasks.js';
import type { WorkItem } from './replay/WorkItem.js';
import type { InstanceRecord } from './store/InstanceStore.js';

/** What an instance loaded after a restart must do again (work is at-least-once). */
export interface Recovery {
  /** Its open timers, re-armed, and the activities its history left unfinished. */
  readonly work: readonly WorkItem[];
  /** Sub-orchestrations its history left unfinished: started, or their end re-delivered. */
  readonly children: readonly Extract<Effect, { kind: 'recoverChild' }>[];
}

/** Reads from the checkpointed record and history what to redo after a restart. */
export function recoveryEffects(
  record: InstanceRecord,
  history: readonly HistoryEvent[],
): Recovery {
  const work: WorkItem[] = record.progress.timers.map((timer) => ({
    kind: 'timer',
    timerId: timer.id,
    fireAt: timer.fireAt,
  }));
  const children: Extract<Effect, { kind: 'recoverChild' }>[] = [];
  for (const task of unfinishedTasks(history)) {
    if (task.kind === 'activity') {
      work.push({ kind: 'activity', taskId: task.taskId, name: task.name, input: task.input });
    } else {
      children.push({
        kind: 'recoverChild',
        executionId: record.executionId,
        taskId: task.taskId,
        name: task.name,
        childId: task.instanceId ?? '',
        ...(task.input === undefined ? {} : { input: task.input }),
      });
    }
  }
  return { work, children };
}
