import path from 'node:path';

import { mergeAppSettings } from '../host/app/mergeAppSettings.js';
import { readHostJson, type HostJson } from '../host/app/readHostJson.js';
import { readLocalSettings } from '../host/app/readLocalSettings.js';
import { SystemClock } from '../host/clock/SystemClock.js';
import type { Clock, HostLog } from '../host/contracts.js';
import { loadTestApp, type Registrations } from './loadTestApp.js';
import { serveTestApp } from './serveTestApp.js';
import type { TestHost } from './TestHost.js';
import { TimeSkippingClock } from './TimeSkippingClock.js';

export type { TestHost } from './TestHost.js';

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
  try {
    return await serveTestApp(app, { ...options, clock, settings, hostJson, log, logs });
  } catch (error) {
    await app.terminate().catch(() => undefined);
    throw error;
  }
}

function toClock(option: 'virtual' | 'system' | Clock): Clock {
  if (option === 'virtual') return new TimeSkippingClock();
  if (option === 'system') return new SystemClock();
  return option;
}
