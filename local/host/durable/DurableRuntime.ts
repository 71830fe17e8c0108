import { beginWork } from '../clock/WorkTrackingClock.js';
import type { Clock, HostLog, InvokeFunction } from '../contracts.js';
import { isWorkerExit } from '../worker/WorkerExitedError.js';
import { DurableEngineError } from './DurableEngineError.js';
import * as management from './instanceManagement.js';
import { InstanceStarter, newId } from './InstanceStarter.js';
import { LiveInstance } from './LiveInstance.js';
import { rewindInstance } from './rewindInstance.js';
import { selectEpisodeEvents } from './selectEpisodeEvents.js';
import type { DurableTaskConfig } from './readDurableTaskConfig.js';
import { subOrchestrationFinished } from './replay/completionEvents.js';
import { completedTaskId, type HistoryEvent } from './replay/historyEvents.js';
import { continuedRecord } from './replay/newExecution.js';
import { runEpisode } from './replay/runEpisode.js';
import { TERMINAL_STATUSES, type RuntimeHooks } from './RuntimeHooks.js';
import type { DurableInstances } from './DurableInstances.js';
import {
  ACTIVE_STATUSES,
  type InstanceQuery,
  type InstanceRecord,
  type InstanceStore,
} from './store/InstanceStore.js';
import { createHttpActivity } from './httpActivity/createHttpActivity.js';
import { WorkDispatcher, workItemId, type HttpActivity } from './WorkDispatcher.js';

import type { ManagementResult } from './instanceManagement.js';

export type { ManagementResult };

/** Counters for the bench: how much replay work the engine did. */
export interface DurableStats {
  episodes: number;
  historyEventsReplayed: number;
  activitiesExecuted: number;
}

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

/** Delays between attempts to advance an instance whose episode failed. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;
/** Key of the episode retry in {@link LiveInstance.timers} (durable timer ids are ≥ 0). */
const RETRY_TIMER = -1;

/**
 * Drives orchestration instances: runs episodes (every completion that is ready goes into one),
 * hands the resulting work to the {@link WorkDispatcher} and checkpoints the history, and
 * delivers no result of an episode's work until its checkpoint is saved.
 */
export class DurableRuntime implements DurableInstances {
  readonly stats: DurableStats = { episodes: 0, historyEventsReplayed: 0, activitiesExecuted: 0 };
  readonly #o: DurableRuntimeOptions;
  readonly #live = new Map<string, LiveInstance>();
  readonly #waiters = new Map<string, ((record: InstanceRecord) => void)[]>();
  readonly #starter: InstanceStarter;
  readonly #hooks: RuntimeHooks;
  readonly #work: WorkDispatcher;
  #stopped = false;

  constructor(options: DurableRuntimeOptions) {
    this.#o = options;
    this.#hooks = {
      clock: options.clock,
      log: options.log,
      store: options.store,
      live: (id) => this.#live.get(id),
      deliver: (live, event, executionId) => this.#deliver(live, event, executionId),
      scheduleEpisode: (live) => this.#scheduleEpisode(live),
      save: (live, record, appended) => this.#save(live, record, appended),
      close: (live) => this.#close(live),
      notifyParent: (child, failed, details) => this.#notifyParent(child, failed, details),
      startChild: (name, id, input, parent) => this.startNew(name, id, input, parent),
    };
    this.#starter = new InstanceStarter({
      hooks: this.#hooks,
      orchestrations: options.orchestrations,
      overridable: options.config.overridableExistingInstanceStates,
      adopt: (live) => this.#adopt(live),
      discard: (live) => this.#discard(live),
    });
    this.#work = new WorkDispatcher({
      hooks: this.#hooks,
      invoke: options.invoke,
      activities: options.activities,
      httpActivity: options.httpActivity ?? createHttpActivity({}),
      maxConcurrentActivities: options.config.maxConcurrentActivityFunctions,
      onActivity: () => this.stats.activitiesExecuted++,
      stopped: () => this.#stopped,
    });
  }

  /** The instance as last checkpointed (the live state when the engine drives it). */
  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    return this.#live.get(instanceId)?.record ?? (await this.#o.store.get(instanceId));
  }

  async getHistory(record: InstanceRecord): Promise<readonly HistoryEvent[]> {
    const live = this.#live.get(record.instanceId);
    if (live && live.record.executionId === record.executionId) return [...live.history];
    return this.#o.store.history(record);
  }

  listInstances(query: InstanceQuery): Promise<InstanceRecord[]> {
    return this.#o.store.list(query);
  }

  async restart(instanceId: string, sameId: boolean): Promise<string | undefined> {
    const record = await this.getInstance(instanceId);
    if (!record) return undefined;
    return this.startNew(record.name, sameId ? instanceId : undefined, record.input);
  }

  async purgeWhere(query: InstanceQuery): Promise<number> {
    let deleted = 0;
    for (const record of await this.#o.store.list(query)) {
      if (await this.purge(record.instanceId)) deleted++;
    }
    return deleted;
  }

  /** The clock the engine runs on (the HTTP API's create-and-wait polls on it). */
  get clock(): Clock {
    return this.#o.clock;
  }

  /** Resumes every instance a previous process left active (work is redone at least once). */
  async resume(): Promise<void> {
    const records = await this.#o.store.list({ statuses: ACTIVE_STATUSES });
    const lives: LiveInstance[] = [];
    for (const record of records) {
      const live = new LiveInstance(record, await this.#o.store.history(record));
      this.#live.set(record.instanceId, live);
      lives.push(live);
    }
    for (const live of lives) await this.#work.recover(live);
    if (records.length > 0) this.#o.log('info', `Resumed ${records.length} durable instance(s).`);
  }

  /** Stops dispatching and waits for running episodes; later completions are dropped. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const lives = [...this.#live.values()];
    for (const live of lives) live.cancelTimers();
    await Promise.all(lives.map((live) => live.settled()));
    this.#live.clear();
  }

  /**
   * Creates (or replaces) an instance and schedules its first episode.
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
    return this.#starter.start(name, instanceId, input, parent);
  }

  raiseEvent(instanceId: string, eventName: string, data: string): Promise<ManagementResult> {
    return management.raiseEvent(this.#hooks, instanceId, eventName, data);
  }

  terminate(instanceId: string, reason: string): Promise<ManagementResult> {
    return management.terminate(this.#hooks, instanceId, reason);
  }

  suspend(instanceId: string, reason: string): Promise<ManagementResult> {
    return management.suspend(this.#hooks, instanceId, reason);
  }

  resumeInstance(instanceId: string, reason: string): Promise<ManagementResult> {
    return management.resume(this.#hooks, instanceId, reason);
  }

  /** Rewinds a failed instance (see {@link rewindInstance}). */
  rewind(instanceId: string, reason: string): Promise<ManagementResult> {
    return rewindInstance(
      {
        hooks: this.#hooks,
        adopt: (live) => this.#adopt(live),
        runActivity: (live, a) => this.#work.apply(live, { kind: 'activity', ...a }),
      },
      instanceId,
      reason,
    );
  }

  /**
   * Deletes an instance and its history whatever its status, as the Azure Storage provider's
   * `PurgeInstanceHistoryAsync(instanceId)` does; a live instance stops being driven first (after
   * its episode in flight, so that episode cannot save it back). False when it did not exist.
   */
  async purge(instanceId: string): Promise<boolean> {
    const live = this.#live.get(instanceId);
    await live?.exclusive(() => Promise.resolve(this.#discard(live)));
    return this.#o.store.purge(instanceId);
  }

  /**
   * Resolves with the instance's record once it completes, fails or is terminated.
   *
   * @throws {DurableEngineError} `ERR_DURABLE_UNKNOWN_INSTANCE` when no such instance exists.
   */
  async waitForCompletion(instanceId: string): Promise<InstanceRecord> {
    const record = await this.#o.store.get(instanceId);
    if (!record && !this.#live.has(instanceId)) {
      throw new DurableEngineError(
        'ERR_DURABLE_UNKNOWN_INSTANCE',
        `No orchestration instance '${instanceId}' exists in this task hub.`,
      );
    }
    if (record && TERMINAL_STATUSES.includes(record.runtimeStatus) && !this.#live.has(instanceId)) {
      return record;
    }
    return new Promise((resolve) => {
      this.#waiters.set(instanceId, [...(this.#waiters.get(instanceId) ?? []), resolve]);
    });
  }

  #adopt(live: LiveInstance): void {
    this.#live.set(live.record.instanceId, live);
    this.#scheduleEpisode(live);
  }

  #discard(live: LiveInstance): void {
    live.cancelTimers();
    if (this.#live.get(live.record.instanceId) === live) this.#live.delete(live.record.instanceId);
  }

  #scheduleEpisode(live: LiveInstance): void {
    if (live.episodeScheduled || this.#stopped) return;
    live.episodeScheduled = true;
    const release = beginWork(this.#o.clock);
    // A turn later, so completions that are ready together go into one episode.
    setImmediate(() => {
      live.episodeScheduled = false;
      live
        .exclusive(() => this.#episode(live))
        .then(
          () => (live.retryDelayMs = 0),
          (error: unknown) => this.#retryLater(live, error),
        )
        .finally(release);
    });
  }

  /** After a failed episode (storage unreachable), tries again later with growing delays. */
  #retryLater(live: LiveInstance, error: unknown): void {
    // The worker died during the replay: run the episode again on the next worker, at once.
    if (isWorkerExit(error)) {
      this.#scheduleEpisode(live);
      return;
    }
    live.retryDelayMs = Math.min(Math.max(live.retryDelayMs * 2, FIRST_RETRY_MS), MAX_RETRY_MS);
    const { name, instanceId } = live.record;
    this.#o.log(
      'error',
      `Orchestration '${name}' (${instanceId}) could not advance: ${(error as Error).message}; retrying in ${live.retryDelayMs / 1000} s.`,
    );
    const controller = new AbortController();
    live.timers.set(RETRY_TIMER, controller);
    this.#o.clock.sleepUntil(this.#o.clock.now() + live.retryDelayMs, controller.signal).then(
      () => {
        live.timers.delete(RETRY_TIMER);
        this.#scheduleEpisode(live);
      },
      () => undefined,
    );
  }

  async #episode(live: LiveInstance): Promise<void> {
    const { record } = live;
    if (this.#stopped || this.#live.get(record.instanceId) !== live) return;
    const selection = selectEpisodeEvents({
      runtimeStatus: record.runtimeStatus,
      inbox: record.inbox,
      pending: live.pending,
      uncommitted: live.uncommitted,
      queuedActivities: live.queuedActivities,
    });
    if (!selection.run) return;
    const completions = selection.events.slice(record.inbox.length);
    live.pending = [...selection.held];
    let result;
    try {
      result = await runEpisode({
        record,
        history: live.history,
        events: selection.events,
        now: this.#o.clock.now(),
        invoke: (triggerInput) => this.#o.invoke(record.name, triggerInput),
      });
      this.stats.episodes++;
      this.stats.historyEventsReplayed += result.replayedEvents;
      if (result.outcome.kind === 'continuedAsNew') {
        await this.#continueAsNew(live, result.outcome.input, result.outcome.carriedEvents);
        return;
      }
      // Work goes out before the checkpoint, as the Azure Storage provider sends its messages
      // before it saves history: results wait for the save (this episode holds the instance),
      // and if the save fails the re-run episode finds its work already dispatched.
      if (result.outcome.kind === 'running') {
        for (const item of result.work) {
          const id = item.kind === 'deliver' ? completedTaskId(item.event) : workItemId(item);
          if (id !== undefined) live.uncommitted.add(id);
          this.#work.apply(live, item);
        }
      }
      await this.#save(live, { ...result.record, inbox: [] }, [...result.appended]);
      live.uncommitted.clear();
    } catch (error) {
      // Nothing was committed: the completions go into the next attempt.
      live.pending = [...completions, ...live.pending];
      throw error;
    }
    if (live.pending.length > 0) this.#scheduleEpisode(live);
    if (record.runtimeStatus === 'Pending') this.#logStatus(live, 'info', 'started.');
    const { outcome } = result;
    if (outcome.kind === 'running') return;
    this.#close(live);
    if (outcome.kind === 'completed') {
      this.#logStatus(live, 'info', 'completed.');
      this.#notifyParent(live.record, false, '');
    } else if (outcome.kind === 'failed') {
      this.#logStatus(live, 'error', `failed: ${JSON.parse(outcome.output) as string}`);
      this.#notifyParent(live.record, true, outcome.details);
    }
  }

  async #continueAsNew(
    live: LiveInstance,
    input: string | undefined,
    carried: readonly HistoryEvent[],
  ): Promise<void> {
    live.cancelTimers();
    const next = continuedRecord(live.record, newId(), input, this.#o.clock.now(), carried);
    await this.#o.store.save(next, { replace: [] });
    live.record = next;
    live.history = [];
    live.pending = [];
    live.dispatched.clear();
    live.uncommitted.clear();
    this.#logStatus(live, 'info', 'continued as new.');
    this.#scheduleEpisode(live);
  }

  #logStatus(live: LiveInstance, level: 'info' | 'error', what: string): void {
    this.#o.log(level, `Orchestration '${live.record.name}' (${live.record.instanceId}) ${what}`);
  }

  #deliver(live: LiveInstance, event: HistoryEvent, executionId = live.record.executionId): void {
    if (this.#stopped || this.#live.get(live.record.instanceId) !== live) return;
    if (live.record.executionId !== executionId) return;
    live.pending.push(event);
    this.#scheduleEpisode(live);
  }

  #notifyParent(child: InstanceRecord, failed: boolean, details: string): void {
    if (child.parentInstanceId === undefined || child.parentTaskId === undefined) return;
    const parent = this.#live.get(child.parentInstanceId);
    if (!parent) return;
    const now = this.#o.clock.now();
    const event = subOrchestrationFinished(child.parentTaskId, failed, child.output, details, now);
    this.#deliver(parent, event);
  }

  async #save(
    live: LiveInstance,
    record: InstanceRecord,
    appended?: HistoryEvent[],
  ): Promise<void> {
    await this.#o.store.save(record, appended ? { append: appended } : undefined);
    live.record = record;
    if (appended) live.history.push(...appended);
  }

  #close(live: LiveInstance): void {
    live.cancelTimers();
    this.#live.delete(live.record.instanceId);
    const waiters = this.#waiters.get(live.record.instanceId) ?? [];
    this.#waiters.delete(live.record.instanceId);
    for (const resolve of waiters) resolve(live.record);
  }
}
