import type { DurableEngine, DurableEngineOptions } from './contracts.js';
import { HostError } from './core/HostError.js';

/** Creates the durable engine (local/host/durable/createDurableEngine.ts). */
export type CreateDurableEngine = (
  options: DurableEngineOptions,
) => DurableEngine | Promise<DurableEngine>;

// A variable specifier keeps the host core compiling without the engine module; it is loaded
// only for apps that register durable functions.
const ENGINE_MODULE = './durable/createDurableEngine.js';

/**
 * Loads `createDurableEngine` on demand.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` when the engine module is not available.
 */
export async function loadDurableEngineFactory(): Promise<CreateDurableEngine> {
  let loaded: { createDurableEngine?: unknown };
  try {
    loaded = (await import(ENGINE_MODULE)) as { createDurableEngine?: unknown };
  } catch (error) {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `This app registers Durable Functions, but the local durable engine could not be loaded (${(error as Error).message}).`,
      { cause: error },
    );
  }
  if (typeof loaded.createDurableEngine !== 'function') {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `${ENGINE_MODULE} does not export createDurableEngine.`,
    );
  }
  return loaded.createDurableEngine as CreateDurableEngine;
}
