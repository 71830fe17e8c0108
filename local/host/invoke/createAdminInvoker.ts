import type { FunctionMetadata } from '../contracts.js';
import type { AdminInvokeResult } from '../http/createRequestListener.js';
import { timerInput } from '../timers/timerInput.js';
import type { HostInvokeFunction } from './createInvoker.js';
import { triggerOf } from './toEffectiveOptions.js';

/** Trigger types `POST /admin/functions/{name}` can start. */
const ADMIN_INVOCABLE = new Set(['timerTrigger', 'activityTrigger']);

/** Starts functions on demand, as the host's admin API does, and tracks them until they end. */
export interface AdminInvoker {
  (functionName: string, input: unknown): AdminInvokeResult;
  /** Resolves once every started invocation has settled. */
  idle(): Promise<void>;
}

/**
 * Runs a timer (with a fresh, not-past-due timer argument) or an activity (with `input`) now,
 * without waiting for it; failures are logged by the invoker. HTTP and orchestration triggers
 * are not invocable this way.
 */
export function createAdminInvoker(
  functions: readonly FunctionMetadata[],
  invoke: HostInvokeFunction,
  now: () => number,
): AdminInvoker {
  // Function names compare case-insensitively in the host.
  const byName = new Map(functions.map((fn) => [fn.name.toLowerCase(), fn]));
  const running = new Set<Promise<unknown>>();
  const start = (functionName: string, input: unknown): AdminInvokeResult => {
    const fn = byName.get(functionName.toLowerCase());
    if (!fn) return 'notFound';
    const type = triggerOf(fn).type;
    if (!ADMIN_INVOCABLE.has(type)) return 'notInvocable';
    const triggerInput =
      type === 'timerTrigger' ? timerInput({ useMonitor: false, now: new Date(now()) }) : input;
    const work = invoke(fn.name, triggerInput, {
      reason: 'This function was programmatically called via the host APIs.',
    })
      .catch(() => undefined)
      .finally(() => running.delete(work));
    running.add(work);
    return 'accepted';
  };
  return Object.assign(start, {
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  });
}
