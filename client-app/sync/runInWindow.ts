import type { OrchestrationContext, Task } from 'durable-functions';

import type { Settled } from './settleAll.js';

/** Work for {@link runInWindow}: one task per item, at most `width` of them in flight. */
export interface TaskWindow<T> {
  readonly items: readonly T[];
  readonly width: number;
  /** Creates (does not yield) the item's task, e.g. `context.df.callActivity(...)`. */
  readonly start: (item: T) => Task;
  /**
   * Called as an item's task is seen to finish: a task returned here (created, not yielded)
   * carries on the item's work in the same slot, and the item is settled only once that one
   * has. Default: none, every item is one task.
   */
  readonly continueWith?: (item: T, settled: Settled) => Task | undefined;
  /**
   * Called once per item as its (last) task is seen to finish, in the order they are seen.
   * Returning false starts no further items; the tasks already in flight are still awaited and
   * reported.
   */
  readonly onSettled: (item: T, settled: Settled) => boolean;
}

interface InFlight<T> {
  readonly item: T;
  readonly task: Task;
}

/**
 * A sliding window of durable tasks: a finished task's slot is given to the next item as soon
 * as the orchestration sees it finish, rather than when a whole batch has.
 *
 * The obvious way, `Task.any` over the tasks in flight, is wrong in JavaScript: a compound task
 * over tasks that are already scheduled makes the Durable extension schedule them again
 * (azure-functions-durable-js#574). So every compound task here holds only new tasks. New tasks
 * are scheduled together with a timer due now, which hands control back at once; the window then
 * waits on its oldest task alone (yielding an already-scheduled atomic task does not schedule it
 * again) and collects every other task that has finished by then. The cost: a slot freed behind a
 * slower, older task waits for that task, which is never worse than waiting for a whole batch.
 */
export function* runInWindow<T>(
  context: OrchestrationContext,
  window: TaskWindow<T>,
): Generator<Task, void, unknown> {
  const inFlight: InFlight<T>[] = [];
  let continued: InFlight<T>[] = [];
  let next = 0;
  let accepting = true;
  for (;;) {
    const started: Task[] = continued.map((entry) => entry.task);
    inFlight.push(...continued);
    continued = [];
    while (accepting && next < window.items.length && inFlight.length < window.width) {
      const item = window.items[next++] as T;
      const task = window.start(item);
      inFlight.push({ item, task });
      started.push(task);
    }
    const oldest = inFlight[0];
    if (!oldest) return;
    if (started.length === inFlight.length) {
      // Nothing older is in flight, so the first of these to finish can wake us.
      yield context.df.Task.any(started);
    } else {
      if (started.length > 0) {
        yield context.df.Task.any([
          ...started,
          context.df.createTimer(context.df.currentUtcDateTime),
        ]);
      }
      if (!inFlight.some(hasFinished)) yield* waitFor(oldest.task);
    }
    for (const entry of inFlight.filter(hasFinished)) {
      inFlight.splice(inFlight.indexOf(entry), 1);
      const settled = settledOf(entry.task);
      const carryOn = window.continueWith?.(entry.item, settled);
      if (carryOn !== undefined) continued.push({ item: entry.item, task: carryOn });
      else if (!window.onSettled(entry.item, settled)) accepting = false;
    }
  }
}

function* waitFor(task: Task): Generator<Task, void, unknown> {
  try {
    yield task;
  } catch {
    // A failure is a result like any other: it is collected with the rest.
  }
}

function hasFinished(entry: InFlight<unknown>): boolean {
  return entry.task.isCompleted || entry.task.isFaulted;
}

function settledOf(task: Task): Settled {
  return task.isCompleted ? { ok: true, value: task.result } : { ok: false, error: task.result };
}
