import type { Clock, HostLog, InvokeFunction } from '../contracts.js';
import { DurableEngineError } from './DurableEngineError.js';
import type { DurableInstances } from './DurableInstances.js';
import type { DriverMessage, ManagementResult } from './driverMessages.js';
import { EffectRunner, type HttpActivity } from './EffectRunner.js';
import { createHttpActivity } from './httpActivity/createHttpActivity.js';
import { InstanceDriver, type DriverDeps, type DurableStats } from './InstanceDriver.js';
import { newId } from './newId.js';
import type { DurableTaskConfig } from './readDurableTaskConfig.js';
import type { HistoryEvent } from './replay/historyEvents.js';
import { newInstanceRecord } from './replay/newExecution.js';
import { rewindInstance } from './rewindInstance.js';
import {
  ACTIVE_STATUSES,
  TERMINAL_STATUSES,
  type InstanceQuery,
  type InstanceRecord,
  type InstanceStore,
} from './store/InstanceStore.js';

export type { DurableStats, ManagementResult };

/** What the runtime needs from the host. */
export interface DurableRuntimeOptions {
  readonly store: InstanceStore;
  readonly invoke: InvokeFunction;
  readonly clock: Clock;
  readonly log: HostLog;
  readonly config: Omit<DurableTaskConfig, 'storageProvider'>;
  readonly orchestrations: ReadonlySet<string>;
  readonly activities: ReadonlySet<string>;
  /** Runs durable HTTP requests. Default: `fetch`, token sources from no settings (they fail). */
  readonly httpActivity?: HttpActivity;
}

/**
 * The instance directory: one {@link InstanceDriver} per instance the engine drives, starts atomic
 * per instance id, drivers rebuilt from storage after a restart, and the engine's interface
 * ({@link DurableInstances}) for the HTTP API.
 */
export class DurableRuntime implements DurableInstances {
  readonly stats: DurableStats = { episodes: 0, historyEventsReplayed: 0, activitiesExecuted: 0 };
  readonly #o: DurableRuntimeOptions;
  readonly #drivers = new Map<string, InstanceDriver>();
  readonly #waiters = new Map<string, ((record: InstanceRecord) => void)[]>();
  readonly #starts = new Map<string, Promise<void>>();
  readonly #runner: EffectRunner;
  readonly #driverDeps: DriverDeps;
  #stopped = false;

  constructor(options: DurableRuntimeOptions) {
    this.#o = options;
    this.#runner = new EffectRunner({
      clock: options.clock,
      log: options.log,
      store: options.store,
      invoke: options.invoke,
      activities: options.activities,
      httpActivity: options.httpActivity ?? createHttpActivity({}),
      maxConcurrentActivities: options.config.maxConcurrentActivityFunctions,
      onActivity: () => this.stats.activitiesExecuted++,
      stopped: () => this.#stopped,
      driverOf: (id) => this.#drivers.get(id),
      startChild: (name, id, input, parent) => this.startNew(name, id, input, parent),
      complete: (driver, record) => this.#complete(driver, record),
    });
    this.#driverDeps = {
      clock: options.clock,
      store: options.store,
      invoke: (name, triggerInput) => options.invoke(name, triggerInput),
      stats: this.stats,
      run: (driver, effects) => this.#runner.run(driver, effects),
      stopped: () => this.#stopped,
    };
  }

  /** The clock the engine runs on (the HTTP API's create-and-wait polls on it). */
  get clock(): Clock {
    return this.#o.clock;
  }

  /** Resumes every instance a previous process left active (work is redone at least once). */
  async resume(): Promise<void> {
    const records = await this.#o.store.list({ statuses: ACTIVE_STATUSES });
    const drivers: InstanceDriver[] = [];
    for (const record of records) {
      const history = await this.#o.store.history(record);
      const driver = new InstanceDriver(record, history, this.#driverDeps);
      this.#drivers.set(record.instanceId, driver);
      drivers.push(driver);
    }
    await Promise.all(drivers.map((driver) => driver.post({ kind: 'recover' })));
    if (records.length > 0) this.#o.log('info', `Resumed ${records.length} durable instance(s).`);
  }

  /** Stops dispatching and waits for running episodes; later completions are dropped. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const drivers = [...this.#drivers.values()];
    await Promise.all(drivers.map((driver) => driver.post({ kind: 'discard' })));
    this.#drivers.clear();
  }

  /**
   * Creates (or replaces) an instance and schedules its first episode; one start per instance id
   * at a time, so singleton starts are atomic.
   *
   * @throws {DurableEngineError} unknown orchestrator, a stopped engine, or an active instance
   *   with that id when starts may only replace non-running instances.
   */
  startNew(
    name: string,
    instanceId: string | undefined,
    input: string | undefined,
    parent?: { readonly instanceId: string; readonly taskId: number },
  ): Promise<string> {
    if (this.#stopped) {
      return Promise.reject(
        new DurableEngineError('ERR_DURABLE_STOPPED', 'The durable engine has been stopped.'),
      );
    }
    if (!this.#o.orchestrations.has(name)) {
      return Promise.reject(
        new DurableEngineError(
          'ERR_DURABLE_UNKNOWN_ORCHESTRATOR',
          `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
        ),
      );
    }
    const id = instanceId ?? newId();
    return this.#oneStartAtATime(id, async () => {
      const existing = await this.#o.store.get(id);
      if (existing && ACTIVE_STATUSES.includes(existing.runtimeStatus)) {
        if (this.#o.config.overridableExistingInstanceStates === 'NonRunningStates') {
          throw new DurableEngineError(
            'ERR_DURABLE_INSTANCE_EXISTS',
            `An Orchestration instance with the status ${existing.runtimeStatus} already exists.`,
          );
        }
        // After its turn in flight, so that turn cannot save over the new instance.
        await this.#discard(id);
      }
      const record = newInstanceRecord({
        name,
        instanceId: id,
        executionId: newId(),
        input,
        now: this.#o.clock.now(),
        ...(parent ? { parent } : {}),
      });
      await this.#o.store.save(record, { replace: [] });
      this.#o.log('info', `Orchestration '${name}' (${id}) scheduled.`);
      this.#adopt(record, []);
      return id;
    });
  }

  raiseEvent(instanceId: string, eventName: string, data: string): Promise<ManagementResult> {
    return this.#manage(instanceId, { kind: 'raiseEvent', name: eventName, data });
  }

  terminate(instanceId: string, reason: string): Promise<ManagementResult> {
    return this.#manage(instanceId, { kind: 'terminate', reason });
  }

  suspend(instanceId: string, reason: string): Promise<ManagementResult> {
    return this.#manage(instanceId, { kind: 'suspend', reason });
  }

  resumeInstance(instanceId: string, reason: string): Promise<ManagementResult> {
    return this.#manage(instanceId, { kind: 'resume', reason });
  }

  /** Rewinds a failed instance (see {@link rewindInstance}). */
  rewind(instanceId: string, reason: string): Promise<ManagementResult> {
    return rewindInstance(
      {
        store: this.#o.store,
        clock: this.#o.clock,
        log: this.#o.log,
        adopt: (record, history, activities) => {
          void this.#adopt(record, history).post({ kind: 'rewound', activities });
        },
      },
      instanceId,
      reason,
    );
  }

  async restart(instanceId: string, sameId: boolean): Promise<string | undefined> {
    const record = await this.getInstance(instanceId);
    if (!record) return undefined;
    return this.startNew(record.name, sameId ? instanceId : undefined, record.input);
  }

  /**
   * Deletes an instance and its history whatever its status, as the Azure Storage provider's
   * `PurgeInstanceHistoryAsync(instanceId)` does; a driven instance stops being driven first (after
   * its turn in flight, so that turn cannot save it back). False when it did not exist.
   */
  async purge(instanceId: string): Promise<boolean> {
    await this.#discard(instanceId);
    return this.#o.store.purge(instanceId);
  }

  async purgeWhere(query: InstanceQuery): Promise<number> {
    let deleted = 0;
    for (const record of await this.#o.store.list(query)) {
      if (await this.purge(record.instanceId)) deleted++;
    }
    return deleted;
  }

  /** The instance as last checkpointed (the driver's state when the engine drives it). */
  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    return this.#drivers.get(instanceId)?.record ?? (await this.#o.store.get(instanceId));
  }

  async getHistory(record: InstanceRecord): Promise<readonly HistoryEvent[]> {
    const driver = this.#drivers.get(record.instanceId);
    if (driver && driver.record.executionId === record.executionId) return driver.history;
    return this.#o.store.history(record);
  }

  listInstances(query: InstanceQuery): Promise<InstanceRecord[]> {
    return this.#o.store.list(query);
  }

  /**
   * Resolves with the instance's record once it completes, fails or is terminated.
   *
   * @throws {DurableEngineError} `ERR_DURABLE_UNKNOWN_INSTANCE` when no such instance exists.
   */
  async waitForCompletion(instanceId: string): Promise<InstanceRecord> {
    const record = await this.#o.store.get(instanceId);
    const driven = this.#drivers.has(instanceId);
    if (!record && !driven) {
      throw new DurableEngineError(
        'ERR_DURABLE_UNKNOWN_INSTANCE',
        `No orchestration instance '${instanceId}' exists in this task hub.`,
      );
    }
    if (record && TERMINAL_STATUSES.includes(record.runtimeStatus) && !driven) return record;
    return new Promise((resolve) => {
      this.#waiters.set(instanceId, [...(this.#waiters.get(instanceId) ?? []), resolve]);
    });
  }

  #adopt(record: InstanceRecord, history: HistoryEvent[]): InstanceDriver {
    const driver = new InstanceDriver(record, history, this.#driverDeps);
    this.#drivers.set(record.instanceId, driver);
    void driver.post({ kind: 'wake' });
    return driver;
  }

  /** Stops driving an instance, after the turn it is in. */
  async #discard(instanceId: string): Promise<void> {
    const driver = this.#drivers.get(instanceId);
    if (!driver) return;
    await driver.post({ kind: 'discard' });
    if (this.#drivers.get(instanceId) === driver) this.#drivers.delete(instanceId);
  }

  async #manage(instanceId: string, message: DriverMessage): Promise<ManagementResult> {
    const driver = this.#drivers.get(instanceId);
    if (!driver) return (await this.#o.store.get(instanceId)) ? 'gone' : 'notFound';
    return (await driver.post(message)) ?? 'accepted';
  }

  #complete(driver: InstanceDriver, record: InstanceRecord): void {
    const { instanceId } = record;
    if (this.#drivers.get(instanceId) === driver) this.#drivers.delete(instanceId);
    const waiters = this.#waiters.get(instanceId) ?? [];
    this.#waiters.delete(instanceId);
    for (const resolve of waiters) resolve(record);
  }

  #oneStartAtATime<T>(instanceId: string, start: () => Promise<T>): Promise<T> {
    const run = (this.#starts.get(instanceId) ?? Promise.resolve()).then(start);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#starts.set(instanceId, settled);
    void settled.then(() => {
      if (this.#starts.get(instanceId) === settled) this.#starts.delete(instanceId);
    });
    return run;
  }
}
