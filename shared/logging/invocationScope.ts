import { AsyncLocalStorage } from 'node:async_hooks';

import type { InvocationContext } from '@azure/functions';

/**
 * The invocation the current code runs for, set around each handler by the telemetry hooks
 * (see registerTelemetryHooks), so process-wide components can log through it.
 */
export const invocationScope = new AsyncLocalStorage<InvocationContext>();
