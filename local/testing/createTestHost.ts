import path from 'node:path';

import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';

import { mergeAppSettings } from '../host/app/mergeAppSettings.js';
import { readHostJson, type HostJson } from '../host/app/readHostJson.js';
import { readLocalSettings } from '../host/app/readLocalSettings.js';
import { SystemClock } from '../host/clock/SystemClock.js';
import { beginWork } from '../host/clock/WorkTrackingClock.js';
import type { Clock, HostLog } from '../host/contracts.js';
import { createDurableEngine } from '../host/durable/createDurableEngine.js';
import { readBodyLimit } from '../host/http/readRequestBody.js';
import type { HostInvokeFunction } from '../host/invoke/createInvoker.js';
import { compileTimers } from '../host/timers/compileTimers.js';
import { startTimers } from '../host/timers/startTimers.js';
import { createDurableClient } from './createDurableClient.js';
import { listenTestHost } from './listenTestHost.js';
import { loadTestApp, type Registrations } from './loadTestApp.js';
import { TimeSkippingClock } from './TimeSkippingClock.js';

/** Options of {@link createTestHost}. Give `registrations`, `appDir`, or both. */
export interface TestHostOptions {
  /**
   * Registers the app's functions in this process: a function that calls `app.*` / `df.app.*`
   * (your own `registerApp(settings)`), or imports the module that does. Runs once per host.
   */
  readonly registrations?: Registrations;
  /**
   * The app's folder: its host.json (route prefix, `extensions.durableTask`, log levels) and
   * local.settings.json `Values` (for `%Setting%` references) are read from it, and without
   * `registrations` its package.json `main` entry files are loaded. An ES module entry file
   * loads once per process, so give each test file one host per such app.
   */
  readonly appDir?: string;
  /**
   * `'virtual'` (default): a {@link TimeSkippingClock} starting now, still until the test skips
   * time or waits for an orchestration. `'system'`: wall-clock time. Or a clock of your own
   * (share one TimeSkippingClock between several hosts so their times agree).
   */
  readonly clock?: 'virtual' | 'system' | Clock;
  /**
   * App settings for `%Setting%` references in timer schedules and durable settings. Default:
   * the process environment over the appDir's local.settings.json `Values`. The app's own code
   * reads its settings itself (`process.env`); pass them to `registrations` instead.
   */
  readonly settings?: Readonly<Record<string, string | undefined>>;
  /** Merged over host.json `extensions.durableTask` (hubName, maxConcurrentActivityFunctions…). */
  readonly durableTask?: Readonly<Record<string, unknown>>;
  /** Run timer triggers on the clock. Default true. */
  readonly timers?: boolean;
  /** Also receives every host line (invocations, the app's logs). Default: none (see `logs`). */
  readonly log?: HostLog;
}

/** A running in-process test host. */
export interface TestHost {
  /** `http://127.0.0.1:<port>`: HTTP triggers under the route prefix, the durable HTTP API. */
  readonly url: string;
  /** A real `DurableClient`, as `df.getClient(context)` gives a client function. */
  readonly client: DurableClient;
  /** The host's time: durable timers, retry back-offs and timer triggers all run on it. */
  readonly clock: Clock;
  /** Host lines so far, `level: message` (Executing/Executed, the app's context logs). */
  readonly logs: readonly string[];
  /** `fetch` relative to {@link url}, e.g. `host.fetch('/api/reminders', { method: 'POST' })`. */
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  /**
   * Invokes a function as the host does (fresh InvocationContext, hooks, the durable client
   * input). HTTP triggers take and answer the worker's `HttpRequestData`/`HttpResponseData`;
   * use {@link fetch} for them.
   */
  readonly invoke: HostInvokeFunction;
  /**
   * Waits until the instance completes, fails or is terminated, skipping virtual time from
   * timer to timer meanwhile; resolves with its status (input, output, history omitted).
   *
   * @throws {DurableEngineError} `ERR_DURABLE_UNKNOWN_INSTANCE` when no such instance exists.
   */
  waitForCompletion(instanceId: string): Promise<DurableOrchestrationStatus>;
  /**
   * Moves virtual time forward by `ms`, firing what falls due on the way (durable timers, timer
   * triggers), each one's work finishing before the next.
   *
   * @throws {TypeError} when the host does not run on a TimeSkippingClock.
   */
  skip(ms: number): Promise<void>;
  /** As {@link skip}, to an instant. */
  skipTo(at: number | Date): Promise<void>;
  /** Stops timers, the server and the engine, then runs appTerminate hooks. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts an app's functions in the test's own process, the durable engine with an in-memory
 * store, and a loopback HTTP server for HTTP triggers and the durable client; nothing else of
 * this project (no worker process, no storage emulator, no identity provider) is involved.
 * Durable timers, retry back-offs and NCRONTAB timers run on one clock, virtual by default.
 *
 * Several hosts may run side by side in one process (share a clock between them); their
 * registrations are captured one app at a time.
 *
 * @throws {HostError} when the app fails to load or a timer schedule is invalid.
 * @throws {TypeError} when neither `registrations` nor `appDir` is given.
 */
export async function createTestHost(options: TestHostOptions): Promise<TestHost> {
  if (options.registrations === undefined && options.appDir === undefined) {
    throw new TypeError('createTestHost: the "registrations" or the "appDir" option is required');
  }
  const logs: string[] = [];
  const log: HostLog = (level, message) => {
    logs.push(`${level}: ${message}`);
    options.log?.(level, message);
  };
  const clock = toClock(options.clock ?? 'virtual');
  const appDir = options.appDir === undefined ? undefined : path.resolve(options.appDir);
  const local = appDir ? await readLocalSettings(appDir) : { values: {}, connectionStrings: {} };
  const settings = options.settings ?? mergeAppSettings(process.env, local);
  const hostJson: HostJson = appDir
    ? await readHostJson(appDir, settings)
    : { routePrefix: 'api', durableTask: {}, logLevel: {} };

  const app = await loadTestApp({
    ...(appDir === undefined ? {} : { appDir }),
    ...(options.registrations === undefined ? {} : { registrations: options.registrations }),
    logLevel: hostJson.logLevel,
    log,
  });
  const functions = app.registry.functions;
  const timers = options.timers === false ? [] : compileTimers(functions, settings);

  let url = '';
  const withClient = new Set(
    functions
      .filter((fn) => Object.values(fn.bindings).some((b) => b.type === 'durableClient'))
      .map((fn) => fn.name.toLowerCase()),
  );
  const engine = createDurableEngine({
    functions,
    invoke: (name, input, invokeOptions) => invoke(name, input, invokeOptions),
    durableTaskConfig: { ...hostJson.durableTask, ...options.durableTask },
    settings,
    storage: { kind: 'memory' },
    clock,
    log,
  });
  const invoke: HostInvokeFunction = async (functionName, input, invokeOptions = {}) => {
    // Work the engine did not start itself (timers, admin calls, the test's own) counts too.
    const end = beginWork(clock);
    try {
      return await app.invoke(functionName, input, {
        ...invokeOptions,
        ...(withClient.has(functionName.toLowerCase())
          ? {
              durableClientInput:
                invokeOptions.durableClientInput ?? engine.durableClientInput(url),
            }
          : {}),
      });
    } finally {
      end();
    }
  };

  const server = await listenTestHost({
    functions,
    routePrefix: hostJson.routePrefix,
    invoke,
    durableEngine: engine,
    clock,
    log,
    maxBodyBytes: readBodyLimit(settings),
  });
  url = server.url;
  await engine.start();
  const running = startTimers(timers, invoke, clock);
  const client = createDurableClient(engine.durableClientInput(url));

  const skipping = (): TimeSkippingClock => {
    if (clock instanceof TimeSkippingClock) return clock;
    throw new TypeError('skip: this test host does not run on a TimeSkippingClock');
  };
  let stopping: Promise<void> | undefined;
  return {
    url,
    client,
    clock,
    logs,
    fetch: (pathname, init) => fetch(new URL(pathname, url), init),
    invoke,
    waitForCompletion: async (instanceId) => {
      const done = engine.waitForCompletion(instanceId);
      await (clock instanceof TimeSkippingClock ? clock.whileSkipping(done) : done);
      return await client.getStatus(instanceId);
    },
    skip: (ms) => skipping().skip(ms),
    skipTo: (at) => skipping().skipTo(at),
    stop: () => {
      stopping ??= (async () => {
        await running.stop();
        await server.close();
        await engine.stop();
        await app.terminate();
      })();
      return stopping;
    },
  };
}

function toClock(option: 'virtual' | 'system' | Clock): Clock {
  if (option === 'virtual') return new TimeSkippingClock();
  if (option === 'system') return new SystemClock();
  return option;
}
