import type { OrchestrationContext, Task } from 'durable-functions';

export type Settled =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Waits for every task and reports each outcome, never throwing: `Task.all` stops at the first
 * failure, so the tasks still running are then awaited one by one. Every task passed in must be
 * new: a compound task over already-scheduled tasks makes the Durable extension schedule them
 * again (azure-functions-durable-js#574; see runInWindow).
 */
export function* settleAll(
  context: OrchestrationContext,
  tasks: readonly Task[],
): Generator<Task, Settled[], unknown> {
  try {
    const values = (yield context.df.Task.all([...tasks])) as unknown[];
    return values.map((value) => ({ ok: true, value }));
  } catch {
    const settled: Settled[] = [];
    for (const task of tasks) {
      // Yielding an atomic task that is already scheduled does not schedule it again.
      try {
        settled.push({ ok: true, value: yield task });
      } catch (error) {
        settled.push({ ok: false, error });
      }
    }
    return settled;
  }
}
