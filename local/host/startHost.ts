import path from 'node:path';

import { checkWorkerRuntime } from './app/checkWorkerRuntime.js';
import { createLogFilter } from './app/createLogFilter.js';
import { mergeAppSettings } from './app/mergeAppSettings.js';
import { readHostJson } from './app/readHostJson.js';
import { readLocalSettings } from './app/readLocalSettings.js';
import { selectServableFunctions, type DisabledFunction } from './app/selectServableFunctions.js';
import { isStorageBinding } from './bindings/storageBindingKinds.js';
import { SystemClock } from './clock/SystemClock.js';
import { consoleHostLog } from './consoleHostLog.js';
import type {
  Clock,
  DurableEngine,
  DurableEngineOptions,
  DurableStorage,
  FunctionMetadata,
  HostLog,
} from './contracts.js';
import { readDurableTaskConfig } from './durable/readDurableTaskConfig.js';
import { createRequestListener } from './http/createRequestListener.js';
import { createRouter, type HttpRouteInfo } from './http/createRouter.js';
import { listenHttp } from './http/listenHttp.js';
import { readBodyLimit } from './http/readRequestBody.js';
import { createAdminInvoker } from './invoke/createAdminInvoker.js';
import type { HostInvokeFunction } from './invoke/createInvoker.js';
import { readDurableStorage } from './readDurableStorage.js';
import { compileTimers } from './timers/compileTimers.js';
import { startTimers, type RunningTimers } from './timers/startTimers.js';
import { WorkerSupervisor } from './worker/WorkerSupervisor.js';

/** The port Core Tools listens on by default. */
export const DEFAULT_PORT = 7071;

/** Creates the durable engine; local/host/durable/createDurableEngine.ts by default. */
export type CreateDurableEngine = (
  options: DurableEngineOptions,
) => DurableEngine | Promise<DurableEngine>;

export interface StartHostOptions {
  /** Folder holding the app's package.json (whose `main` names the entry files) and host.json. */
  readonly appDir: string;
  /**
   * Port on 127.0.0.1; 0 picks a free one. Default: local.settings.json `Host.LocalHttpPort`,
   * else {@link DEFAULT_PORT}, as `func start` without `--port`.
   */
  readonly port?: number;
  /** Settings that win over both the process environment and local.settings.json. */
  readonly env?: Readonly<Record<string, string>>;
  /** Durable state; default from `AzureWebJobsStorage` (needed only by durable apps). */
  readonly storage?: DurableStorage;
  /** Time for timers and the durable engine. Default: wall-clock time. */
  readonly clock?: Clock;
  /** Host console lines (the worker's included). Default: stdout/stderr. */
  readonly log?: HostLog;
  /** Request bodies above this many bytes get 413. Default: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, else 100 MB. */
  readonly maxRequestBodyBytes?: number;
  /** Replaces local/host/durable/createDurableEngine.ts (tests). */
  readonly createDurableEngine?: CreateDurableEngine;
}

export interface RunningHost {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The functions the host serves (those it disabled are in {@link disabledFunctions}). */
  readonly functions: readonly FunctionMetadata[];
  /** Functions left out because of a binding the host cannot serve; each was logged at startup. */
  readonly disabledFunctions: readonly DisabledFunction[];
  readonly routes: readonly HttpRouteInfo[];
  /**
   * Invokes a function in the worker as the host would (hooks, logs), e.g. from tests. An HTTP
   * trigger takes and answers the worker's `HttpRequestData` / `HttpResponseData`.
   */
  readonly invoke: HostInvokeFunction;
  /** Present when the app registered durable functions. */
  readonly durableEngine: DurableEngine | undefined;
  /** The app's worker process, restarted when it dies. */
  readonly worker: WorkerSupervisor;
  /** Stops timers, the server and the durable engine, then the worker after its appTerminate hooks. Idempotent. */
  stop(): Promise<void>;
}

const DURABLE_BINDINGS = new Set([
  'orchestrationTrigger',
  'activityTrigger',
  'entityTrigger',
  'durableClient',
]);

/**
 * Runs a v4-model Node Functions app like `func start`: merges local.settings.json under the
 * process environment, reads host.json (with `AzureFunctionsJobHost__*` overrides), starts the
 * app's worker process with those settings as its environment (it installs
 * `@azure/functions-core`, loads the entry files and runs the appStart hooks), validates the
 * bindings it reports, then serves HTTP triggers, the durable webhooks and the admin API on
 * 127.0.0.1 and runs timers. The worker is restarted when it dies.
 *
 * The app's code never runs in this process, so several hosts may run in one process.
 *
 * @throws {HostError} with a one-line message naming the file, function, binding or setting at fault.
 */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const log = options.log ?? consoleHostLog;
  const clock = options.clock ?? new SystemClock();
  const appDir = path.resolve(options.appDir);
  const cleanup: (() => Promise<void> | void)[] = [];
  // Every step runs even when an earlier one fails; the first failure is rethrown.
  const runCleanup = async () => {
    const failures: unknown[] = [];
    for (const step of cleanup.splice(0).reverse()) {
      await Promise.resolve()
        .then(step)
        .catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  };

  try {
    const localSettings = await readLocalSettings(appDir);
    const settings = mergeAppSettings(process.env, localSettings, options.env);
    checkWorkerRuntime(settings);
    const hostJson = await readHostJson(appDir, settings);
    createLogFilter(hostJson.logLevel); // fails on a bad level before any process starts
    const maxBodyBytes = options.maxRequestBodyBytes ?? readBodyLimit(settings);

    const worker = await WorkerSupervisor.start({
      appDir,
      env: settings,
      logLevel: hostJson.logLevel,
      log,
    });
    cleanup.push(() => worker.stop());
    // As the Functions host, a function it cannot serve is disabled with one line; the rest run.
    const { enabled: functions, disabled } = selectServableFunctions(worker.functions, settings);
    for (const fn of disabled) log('error', fn.message);
    // Loaded lazily, as the durable engine: only apps with storage bindings load the storage SDKs.
    const storageBindings = functions.some((fn) =>
      Object.values(fn.bindings).some(isStorageBinding),
    )
      ? (await import('./bindings/startStorageBindings.js')).startStorageBindings({
          functions,
          settings,
          extensions: hostJson.storageExtensions ?? { queues: {}, blobs: {} },
          log,
          now: () => clock.now(),
        })
      : undefined;
    const router = createRouter(functions, hostJson.routePrefix);
    const timers = compileTimers(functions, settings);
    const usesDurable = functions.some((fn) =>
      Object.values(fn.bindings).some((binding) => DURABLE_BINDINGS.has(binding.type)),
    );
    const durableTask = usesDurable
      ? readDurableTaskConfig(hostJson.durableTask, settings)
      : undefined;
    const storage =
      durableTask &&
      (options.storage ?? readDurableStorage(settings, storageConnection(durableTask)));

    let url = '';
    let engine: DurableEngine | undefined;
    const withClient = new Set(
      functions
        .filter((fn) => Object.values(fn.bindings).some((b) => b.type === 'durableClient'))
        .map((fn) => fn.name.toLowerCase()),
    );
    const workerInvoke: HostInvokeFunction = (functionName, input, invokeOptions = {}) =>
      worker.invoke(functionName, input, {
        ...invokeOptions,
        ...(withClient.has(functionName.toLowerCase()) && engine
          ? {
              durableClientInput:
                invokeOptions.durableClientInput ?? engine.durableClientInput(url),
            }
          : {}),
      });
    const invoke = storageBindings ? storageBindings.wrap(workerInvoke) : workerInvoke;
    if (storage) {
      // Loaded lazily: apps without durable functions never load the engine and its storage SDKs.
      const create =
        options.createDurableEngine ??
        (await import('./durable/createDurableEngine.js')).createDurableEngine;
      engine = await create({
        functions,
        invoke,
        durableTaskConfig: hostJson.durableTask,
        settings,
        storage,
        clock,
        log,
      });
    }

    const adminInvoke = createAdminInvoker(functions, invoke, () => clock.now());
    const listener = createRequestListener({
      router,
      invoke,
      log,
      origin: () => url,
      durableEngine: engine,
      invokeFromAdmin: adminInvoke,
      maxBodyBytes,
    });
    const server = await listenHttp(
      listener,
      options.port ?? localSettings.localHttpPort ?? DEFAULT_PORT,
    );
    const port = server.port;
    url = `http://127.0.0.1:${port}`;
    let engineStarted = false;
    // Requests and admin invocations may still need the engine; it stops after them.
    cleanup.push(async () => {
      await server.close();
      await adminInvoke.idle();
      if (engineStarted) await engine?.stop();
    });
    if (engine) {
      await engine.start();
      engineStarted = true;
    }
    const running: RunningTimers = startTimers(timers, invoke, clock);
    cleanup.push(() => running.stop());
    const listeners = storageBindings?.listen(invoke);
    if (listeners) cleanup.push(() => listeners.stop());

    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      functions,
      disabledFunctions: disabled,
      routes: router.routes,
      invoke,
      durableEngine: engine,
      worker,
      stop: () => {
        stopping ??= runCleanup();
        return stopping;
      },
    };
  } catch (error) {
    await runCleanup().catch(() => undefined);
    throw error;
  }
}

/** The setting holding durable state: the provider's own for Azure Storage, else AzureWebJobsStorage. */
function storageConnection(config: ReturnType<typeof readDurableTaskConfig>): string | undefined {
  return config.storageProvider.type === 'AzureStorage'
    ? config.storageProvider.connectionName
    : undefined;
}
