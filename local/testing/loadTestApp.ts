import { createLogFilter } from '../host/app/createLogFilter.js';
import { loadEntryFiles } from '../host/app/loadEntryFiles.js';
import type { HostLog } from '../host/contracts.js';
import { FunctionRegistry } from '../host/core/FunctionRegistry.js';
import { activateRegistry, installCoreModule } from '../host/core/installCoreModule.js';
import { toHostLogLevel } from '../host/core/toHostLogLevel.js';
import { createInvoker, type HostInvokeFunction } from '../host/invoke/createInvoker.js';
import { appHookContext, runHooks } from '../host/invoke/runHooks.js';
import { triggerOf } from '../host/invoke/toEffectiveOptions.js';
import { toHttpRequest } from '../host/worker/toHttpRequest.js';
import { toHttpResponseData } from '../host/worker/toHttpResponseData.js';
import { toJsonValue } from '../host/worker/toJsonValue.js';
import type { HttpRequestData } from '../host/worker/workerMessages.js';

/** An app loaded in the test's own process. */
export interface TestApp {
  readonly registry: FunctionRegistry;
  /**
   * The host core's invoke, in this process, with the worker's conversions: HTTP triggers take
   * `HttpRequestData` and answer `HttpResponseData`; other results travel as JSON would.
   */
  readonly invoke: HostInvokeFunction;
  /** Runs the appTerminate hooks. */
  terminate(): Promise<void>;
}

/** What registers the app's functions: `app.*` / `df.app.*` calls, or an import that makes them. */
export type Registrations = () => unknown;

/** Loads in progress: registrations are captured one app at a time per process. */
let loading: Promise<void> = Promise.resolve();

/**
 * Loads an app in this process the way the worker does (local/host/worker/loadWorkerApp.ts):
 * `@azure/functions-core` installed, registrations captured by a registry of its own (from
 * `registrations`, else the entry files of `appDir`), appStart hooks run, registration closed.
 * Concurrent loads wait for each other (the core module routes registrations to one registry at
 * a time); once loaded, several apps run side by side in one process.
 */
export async function loadTestApp(options: {
  readonly appDir?: string;
  readonly registrations?: Registrations;
  readonly logLevel: Readonly<Record<string, unknown>>;
  readonly log: HostLog;
}): Promise<TestApp> {
  const { log } = options;
  installCoreModule();
  const registry = new FunctionRegistry();
  const previous = loading;
  let loaded = (): void => {};
  loading = new Promise((resolve) => (loaded = resolve));
  await previous;
  let deactivate = (): void => {};
  try {
    deactivate = activateRegistry(registry, (level, _category, message) => {
      const hostLevel = toHostLogLevel(level);
      if (hostLevel) log(hostLevel, message);
    });
    if (options.registrations) await options.registrations();
    else if (options.appDir) await loadEntryFiles(options.appDir);
    else throw new TypeError('loadTestApp: "registrations" or "appDir" is required');
    await runHooks(registry, 'appStart', appHookContext(registry, options.appDir));
  } finally {
    deactivate();
    loaded();
  }
  registry.lock();
  const invoker = createInvoker({ registry, log, logFilter: createLogFilter(options.logLevel) });
  return {
    registry,
    invoke: async (functionName, input, invokeOptions) => {
      const fn = registry.get(functionName);
      const isHttp = fn !== undefined && triggerOf(fn).type === 'httpTrigger';
      const result = await invoker(
        functionName,
        isHttp ? toHttpRequest(input as HttpRequestData) : input,
        invokeOptions,
      );
      return isHttp ? await toHttpResponseData(result) : toJsonValue(result);
    },
    terminate: () => runHooks(registry, 'appTerminate', appHookContext(registry)),
  };
}
