import path from 'node:path';

import { applySettings } from './app/applySettings.js';
import { loadEntryFiles } from './app/loadEntryFiles.js';
import { createLogFilter } from './app/createLogFilter.js';
import { readHostJson } from './app/readHostJson.js';
import { readLocalSettings } from './app/readLocalSettings.js';
import { validateFunctions } from './app/validateFunctions.js';
import { SystemClock } from './clock/SystemClock.js';
import { consoleHostLog } from './consoleHostLog.js';
import type {
  Clock,
  DurableEngine,
  DurableEngineOptions,
  DurableStorage,
  HostLog,
  InvokeFunction,
  RegisteredFunction,
} from './contracts.js';
import { FunctionRegistry } from './core/FunctionRegistry.js';
import { activateRegistry, installCoreModule } from './core/installCoreModule.js';
import { toHostLogLevel } from './core/toHostLogLevel.js';
import { createRequestListener } from './http/createRequestListener.js';
import { createRouter, type HttpRouteInfo } from './http/createRouter.js';
import { listenHttp } from './http/listenHttp.js';
import { readBodyLimit } from './http/readRequestBody.js';
import { createAdminInvoker } from './invoke/createAdminInvoker.js';
import { createInvoker } from './invoke/createInvoker.js';
import { appHookContext, runHooks } from './invoke/runHooks.js';
import { readDurableStorage } from './readDurableStorage.js';
import { compileTimers } from './timers/compileTimers.js';
import { startTimers, type RunningTimers } from './timers/startTimers.js';

/** The port Core Tools listens on by default. */
export const DEFAULT_PORT = 7071;

/** Creates the durable engine; local/host/durable/createDurableEngine.ts by default. */
export type CreateDurableEngine = (
  options: DurableEngineOptions,
) => DurableEngine | Promise<DurableEngine>;

export interface StartHostOptions {
  /** Folder holding the app's package.json (whose `main` names the entry files) and host.json. */
  readonly appDir: string;
  /** Port on 127.0.0.1; 0 picks a free one. Default {@link DEFAULT_PORT}. */
  readonly port?: number;
  /** Settings that win over both the process environment and local.settings.json. */
  readonly env?: Readonly<Record<string, string>>;
  /** Durable state; default from `AzureWebJobsStorage` (needed only by durable apps). */
  readonly storage?: DurableStorage;
  /** Time for timers and the durable engine. Default: wall-clock time. */
  readonly clock?: Clock;
  /** Host console lines. Default: stdout/stderr. */
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
  readonly functions: readonly RegisteredFunction[];
  readonly routes: readonly HttpRouteInfo[];
  /** Invokes a function as the host would (hooks, logs), e.g. from tests. */
  readonly invoke: InvokeFunction;
  /** Present when the app registered durable functions. */
  readonly durableEngine: DurableEngine | undefined;
  /** Stops timers, the server and the durable engine, runs appTerminate hooks. Idempotent. */
  stop(): Promise<void>;
}

const DURABLE_BINDINGS = new Set([
  'orchestrationTrigger',
  'activityTrigger',
  'entityTrigger',
  'durableClient',
]);

/**
 * Runs a v4-model Node Functions app in this process, like `func start`: installs the
 * `@azure/functions-core` module, applies local.settings.json under the process environment,
 * loads the entry files, validates bindings, runs appStart hooks, then serves HTTP triggers,
 * the durable webhooks and the admin API on 127.0.0.1 and runs timers.
 *
 * One app per process: `@azure/functions` caches the core module per process, and ES modules
 * cannot be unloaded, so a second `startHost` in the same process must use a different app and
 * may only start after the first stopped.
 *
 * @throws {HostError} with a one-line message naming the file, function, binding or setting at fault.
 */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  installCoreModule();
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
    const [localSettings, hostJson] = await Promise.all([
      readLocalSettings(appDir),
      readHostJson(appDir),
    ]);
    cleanup.push(applySettings(localSettings, options.env ?? {}));
    const registry = new FunctionRegistry();
    cleanup.push(
      activateRegistry(registry, (level, _category, message) => {
        const hostLevel = toHostLogLevel(level);
        if (hostLevel) log(hostLevel, message);
      }),
    );

    await loadEntryFiles(appDir);
    const functions = registry.functions;
    validateFunctions(functions);
    const router = createRouter(functions, hostJson.routePrefix);
    const timers = compileTimers(functions, process.env);
    const maxBodyBytes = options.maxRequestBodyBytes ?? readBodyLimit(process.env);
    const usesDurable = functions.some((fn) =>
      Object.values(fn.bindings).some((binding) => DURABLE_BINDINGS.has(binding.type)),
    );
    const storage = usesDurable ? (options.storage ?? readDurableStorage(process.env)) : undefined;

    await runHooks(registry, 'appStart', appHookContext(registry, appDir));
    registry.lock();
    cleanup.push(() => runHooks(registry, 'appTerminate', appHookContext(registry)));

    let url = '';
    let engine: DurableEngine | undefined;
    const invoke = createInvoker({
      registry,
      log,
      logFilter: createLogFilter(hostJson.logLevel, process.env),
      durableClientInput: () => engine?.durableClientInput(url),
    });
    if (storage) {
      // Loaded lazily: apps without durable functions never load the engine and its storage SDKs.
      const create =
        options.createDurableEngine ??
        (await import('./durable/createDurableEngine.js')).createDurableEngine;
      engine = await create({
        functions,
        invoke,
        durableTaskConfig: hostJson.durableTask,
        storage,
        clock,
        log,
      });
    }

    const adminInvoke = createAdminInvoker(registry, invoke, () => clock.now());
    const listener = createRequestListener({
      router,
      invoke,
      log,
      origin: () => url,
      durableEngine: engine,
      invokeFromAdmin: adminInvoke,
      maxBodyBytes,
    });
    const server = await listenHttp(listener, options.port ?? DEFAULT_PORT);
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

    let stopping: Promise<void> | undefined;
    return {
      url,
      port,
      functions,
      routes: router.routes,
      invoke,
      durableEngine: engine,
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
