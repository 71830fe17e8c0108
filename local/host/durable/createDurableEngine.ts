import type {
  DurableEngine,
  DurableEngineOptions,
  DurableStorage,
  FunctionMetadata,
} from '../contracts.js';
import { DurableRuntime, type DurableStats } from './DurableRuntime.js';
import { createHttpActivity } from './httpActivity/createHttpActivity.js';
import { durableClientInput, type DurableClientInput } from './http/durableClientInput.js';
import { handleDurableHttp } from './http/handleDurableHttp.js';
import { readDurableTaskConfig } from './readDurableTaskConfig.js';
import type { InstanceRecord, InstanceStore } from './store/InstanceStore.js';
import { MemoryStore } from './store/MemoryStore.js';
import { TableStore } from './store/TableStore.js';
import { unsupportedProviderNotice } from './unsupportedProviderNotice.js';

/** The engine with what tests and the bench need beyond the host's contract. */
export interface LocalDurableEngine extends DurableEngine {
  readonly taskHubName: string;
  /** Episodes run, history events replayed, activities executed. */
  readonly stats: Readonly<DurableStats>;
  durableClientInput(origin: string): DurableClientInput;
  /** Resolves with the instance's final record once it completes, fails or is terminated. */
  waitForCompletion(instanceId: string): Promise<InstanceRecord>;
}

function withTrigger(functions: readonly FunctionMetadata[], type: string): Set<string> {
  return new Set(
    functions
      .filter((f) => Object.values(f.bindings).some((b) => b.type === type))
      .map((f) => f.name),
  );
}

function createStore(storage: DurableStorage, hubName: string): InstanceStore {
  return storage.kind === 'memory'
    ? new MemoryStore()
    : new TableStore({ connectionString: storage.connectionString, hubName });
}

/**
 * Creates the local durable engine: orchestration replay over durable-functions' out-of-proc
 * protocol, activities, timers on `options.clock`, and the durable HTTP API.
 *
 * @throws {DurableEngineError} `ERR_DURABLE_CONFIG` for invalid host.json durableTask settings.
 */
export function createDurableEngine(options: DurableEngineOptions): LocalDurableEngine {
  const config = readDurableTaskConfig(options.durableTaskConfig, options.settings);
  const notice = unsupportedProviderNotice(config.storageProvider, options.storage, config.hubName);
  if (notice) options.log('warn', notice);
  const entities = withTrigger(options.functions, 'entityTrigger');
  if (entities.size > 0) {
    options.log(
      'warn',
      `Durable entities are not supported by the local host yet; ignoring ${[...entities].join(', ')}.`,
    );
  }
  const store = createStore(options.storage, config.hubName);
  const runtime = new DurableRuntime({
    store,
    invoke: options.invoke,
    clock: options.clock,
    log: options.log,
    config,
    orchestrations: withTrigger(options.functions, 'orchestrationTrigger'),
    activities: withTrigger(options.functions, 'activityTrigger'),
    httpActivity: createHttpActivity(options.settings ?? {}),
  });
  return {
    taskHubName: config.hubName,
    stats: runtime.stats,
    handleHttp: (request) => handleDurableHttp(request, runtime, config.hubName),
    durableClientInput: (origin) => durableClientInput(origin, config.hubName),
    waitForCompletion: (instanceId) => runtime.waitForCompletion(instanceId),
    start: () => runtime.resume(),
    stop: async () => {
      await runtime.stop();
      await store.close();
    },
  };
}
