import { Module } from 'node:module';

import { Disposable } from './Disposable.js';
import type { FunctionRegistry, HookCallback, FunctionMetadataInput } from './FunctionRegistry.js';
import { HostError } from './HostError.js';

/** The module id `@azure/functions` requires to reach the host. */
export const CORE_MODULE_ID = '@azure/functions-core';

/** Version strings the core module reports; informational only. */
export const CORE_MODULE_VERSION = '3.10.1-local';
export const HOST_VERSION = '4.0.0-local';

/** Levels and categories of `coreApi.log`, as the worker defines them. */
export type CoreLogLevel =
  'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type CoreLogCategory = 'user' | 'system' | 'customMetric';
export type CoreLogSink = (level: CoreLogLevel, category: CoreLogCategory, message: string) => void;

/** The `@azure/functions-core` surface, as the Node worker builds it in `setupCoreModule`. */
export interface CoreApi {
  readonly version: string;
  readonly hostVersion: string;
  registerHook(name: string, callback: HookCallback): Disposable;
  setProgrammingModel(model: unknown): void;
  getProgrammingModel(): unknown;
  log(level: CoreLogLevel, category: CoreLogCategory, message: string): void;
  registerFunction(
    metadata: FunctionMetadataInput,
    handler: (...args: unknown[]) => unknown,
  ): Disposable;
  readonly Disposable: typeof Disposable;
}

interface ActiveApp {
  readonly registry: FunctionRegistry;
  readonly log: CoreLogSink;
}

let active: ActiveApp | undefined;
let coreApi: CoreApi | undefined;

function current(): ActiveApp {
  if (!active) {
    throw new HostError(
      'ERR_HOST_NO_ACTIVE_APP',
      `"${CORE_MODULE_ID}" was used while no local host was running an app.`,
    );
  }
  return active;
}

function createCoreApi(): CoreApi {
  return {
    version: CORE_MODULE_VERSION,
    hostVersion: HOST_VERSION,
    registerHook: (name, callback) => current().registry.registerHook(name, callback),
    setProgrammingModel: (model) => {
      current().registry.programmingModel = model;
    },
    getProgrammingModel: () => current().registry.programmingModel,
    log: (level, category, message) => current().log(level, category, message),
    registerFunction: (metadata, handler) => current().registry.registerFunction(metadata, handler),
    Disposable,
  };
}

/**
 * Makes `require('@azure/functions-core')` return the host's core API in this process, the way
 * the Node worker does (a Proxy around `Module.prototype.require`). Must run before the app's
 * entry files load: `@azure/functions` looks the module up once, and without it silently skips
 * every registration ("test mode"). Idempotent.
 *
 * The API object is created once per process because `@azure/functions` caches it; its calls go
 * to whichever registry {@link activateRegistry} made current.
 */
export function installCoreModule(): CoreApi {
  if (coreApi) return coreApi;
  const api = createCoreApi();
  // eslint-disable-next-line @typescript-eslint/unbound-method -- wrapped, then called with its receiver
  const original = Module.prototype.require;
  Module.prototype.require = new Proxy(original, {
    apply(target, thisArg: unknown, args: [string]): unknown {
      return args[0] === CORE_MODULE_ID ? api : (Reflect.apply(target, thisArg, args) as unknown);
    },
  });
  coreApi = api;
  return api;
}

/**
 * Routes the core API to `registry` (and core logs to `log`) until the returned function is
 * called. One app at a time per process.
 *
 * @throws {HostError} `ERR_HOST_ALREADY_RUNNING` when another app is active.
 */
export function activateRegistry(registry: FunctionRegistry, log: CoreLogSink): () => void {
  if (active) {
    throw new HostError(
      'ERR_HOST_ALREADY_RUNNING',
      'Another app is already running in this process; the local host runs one app per process (stop it first).',
    );
  }
  const entry: ActiveApp = { registry, log };
  active = entry;
  return () => {
    if (active === entry) active = undefined;
  };
}
