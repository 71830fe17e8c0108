import type { FunctionMetadata, HostLog } from '../contracts.js';
import type { HostInvokeFunction } from '../invoke/createInvoker.js';
import { createBindingInvoker } from './createBindingInvoker.js';
import { readStorageOptions } from './readStorageOptions.js';
import { startBlobListeners } from './startBlobListeners.js';
import { startQueueListeners, type Listeners } from './startQueueListeners.js';
import { StorageClients } from './StorageClients.js';

export interface StorageBindingsOptions {
  readonly functions: readonly FunctionMetadata[];
  readonly settings: Readonly<Record<string, string | undefined>>;
  /** host.json `extensions.queues` and `extensions.blobs`. */
  readonly extensions: Parameters<typeof readStorageOptions>[0];
  readonly log: HostLog;
  readonly now: () => number;
}

/** The storage bindings of an app: its invoker wrapper, and its queue and blob trigger listeners. */
export interface StorageBindings {
  /** The host's invoker with blob/table inputs and blob/queue/table outputs around each call. */
  wrap(invoke: HostInvokeFunction): HostInvokeFunction;
  /** Starts polling for the queue and blob triggers, invoking through `invoke`. */
  listen(invoke: HostInvokeFunction): Listeners;
}

/**
 * Sets up the storage bindings (local/host/bindings) for the functions the host serves; loaded
 * only by apps that use them, so other apps never load the storage SDKs.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` for a bad host.json `extensions.queues`/`blobs` value.
 */
export function startStorageBindings(options: StorageBindingsOptions): StorageBindings {
  const storage = readStorageOptions(options.extensions);
  const clients = new StorageClients();
  const common = {
    functions: options.functions,
    settings: options.settings,
    storage,
    clients,
    log: options.log,
  };
  return {
    wrap: (invoke) => createBindingInvoker(invoke, { ...common, now: options.now }),
    listen: (invoke) => {
      const queues = startQueueListeners({ ...common, invoke });
      const blobs = startBlobListeners({ ...common, invoke });
      return { stop: async () => void (await Promise.all([queues.stop(), blobs.stop()])) };
    },
  };
}
