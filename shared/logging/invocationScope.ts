import { AsyncLocalStorage } from 'node:async_hooks';

import type { InvocationContext } from '@azure/functions';

/**
 * The invocation the current code runs for, set around each handler by the telemetry hooks
 * (see registerTelemetryHooks), so process-wide components can log through it.
 */
export const invocationScope = new AsyncLocalStorage<InvocationContext>();

/**
 * Invocations whose handler has returned (marked by the postInvocation hook): work they started
 * that logs later (a background token refresh) logs to the console instead of a finished
 * invocation.
 */
export const finishedInvocations = new WeakSet<InvocationContext>();

/** The running invocation of the current code, if any and not finished. */
export function currentInvocation(): InvocationContext | undefined {
  const context = invocationScope.getStore();
  return context === undefined || finishedInvocations.has(context) ? undefined : context;
}
