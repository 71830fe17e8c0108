import { createLogFilter } from '../app/createLogFilter.js';
import { loadEntryFiles } from '../app/loadEntryFiles.js';
import type { FunctionMetadata, HostLog } from '../contracts.js';
import { FunctionRegistry } from '../core/FunctionRegistry.js';
import { activateRegistry, installCoreModule } from '../core/installCoreModule.js';
import { toHostLogLevel } from '../core/toHostLogLevel.js';
import { createInvoker } from '../invoke/createInvoker.js';
import { appHookContext, runHooks } from '../invoke/runHooks.js';
import { triggerOf } from '../invoke/toEffectiveOptions.js';
import { storageBindingOptions, toBuffer } from './storageBindingValues.js';
import { toHttpRequest } from './toHttpRequest.js';
import { toHttpResponseData } from './toHttpResponseData.js';
import { toJsonValue } from './toJsonValue.js';
import type { HttpRequestData, InvokeMessage } from './workerMessages.js';

/** The app as loaded in a worker process. */
export interface WorkerApp {
  /** What the host needs to route, schedule and dispatch (no handlers). */
  readonly functions: readonly FunctionMetadata[];
  /** Runs one invocation; HTTP results come back as `HttpResponseData`, others as JSON values. */
  invoke(
    message: InvokeMessage,
    onExtraOutputs?: (outputs: Readonly<Record<string, unknown>>) => Promise<void>,
  ): Promise<unknown>;
  /** Runs the appTerminate hooks. */
  terminate(): Promise<void>;
}

/**
 * Loads the app in this (worker) process the way the Node worker does: installs
 * `@azure/functions-core`, loads the entry files, runs the appStart hooks and closes
 * registration. Invocation lines and user logs go to `log`, filtered by `logLevel`.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` and the other registration errors, naming the file.
 */
export async function loadWorkerApp(options: {
  readonly appDir: string;
  readonly logLevel: Readonly<Record<string, unknown>>;
  readonly log: HostLog;
}): Promise<WorkerApp> {
  const { appDir, log } = options;
  installCoreModule();
  const registry = new FunctionRegistry();
  // One app per worker process: the registry stays active for the process's life.
  activateRegistry(registry, (level, _category, message) => {
    const hostLevel = toHostLogLevel(level);
    if (hostLevel) log(hostLevel, message);
  });
  const logFilter = createLogFilter(options.logLevel);
  await loadEntryFiles(appDir);
  await runHooks(registry, 'appStart', appHookContext(registry, appDir));
  registry.lock();
  const invoker = createInvoker({ registry, log, logFilter });
  return {
    functions: registry.functions.map(
      ({ name, bindings, retryOptions }) =>
        toJsonValue({ name, bindings, retryOptions }) as FunctionMetadata,
    ),
    async invoke(message, onExtraOutputs) {
      const fn = registry.get(message.functionName);
      const isHttp = fn !== undefined && triggerOf(fn).type === 'httpTrigger';
      // The host sends HttpRequestData for HTTP triggers (local/host/http/createRequestListener.ts).
      const input = isHttp
        ? toHttpRequest(message.input as HttpRequestData)
        : toBuffer(message.input);
      const result = await invoker(message.functionName, input, {
        durableClientInput: message.durableClientInput,
        ...(message.reason === undefined ? {} : { reason: message.reason }),
        ...storageBindingOptions(message, onExtraOutputs),
      });
      return isHttp ? await toHttpResponseData(result) : toJsonValue(result);
    },
    terminate: () => runHooks(registry, 'appTerminate', appHookContext(registry)),
  };
}
