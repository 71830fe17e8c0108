import { randomUUID } from 'node:crypto';

import { beginWork } from '../clock/WorkTrackingClock.js';
import type { Clock, HostLog, InvokeFunction } from '../contracts.js';
import { ConcurrencyLimiter } from './ConcurrencyLimiter.js';
import { DurableEngineError } from './DurableEngineError.js';
import { LiveInstance } from './LiveInstance.js';
import type { DurableTaskConfig } from './readDurableTaskConfig.js';
import {
  activityCompleted,
  activityFailed,
  subOrchestrationFinished,
} from './replay/completionEvents.js';
import { EventType, historyEvent, type HistoryEvent } from './replay/historyEvents.js';
import { INITIAL_PROGRESS } from './replay/ReplayProgress.js';
import { runEpisode, type EpisodeResult } from './replay/runEpisode.js';
import { unfinishedTasks } from './replay/unfinishedTasks.js';
import type { WorkItem } from './replay/WorkItem.js';
import {
  ACTIVE_STATUSES,
  type InstanceRecord,
  type InstanceStore,
  type RuntimeStatus,
} from './store/InstanceStore.js';

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
  readonly config: DurableTaskConfig;
  readonly orchestrations: ReadonlySet<string>;
  readonly activities: ReadonlySet<string>;
}

/** Result of a management request on an instance. */
export type ManagementResult = 'accepted' | 'gone' | 'notFound';

const TERMINAL: readonly RuntimeStatus[] = ['Completed', 'Failed', 'Terminated', 'Canceled'];

/**
 * Drives orchestration instances: runs episodes (batching every completion that is ready into
 * one), activities (bounded concurrency), timers (through the clock) and sub-orchestrations, and
 * persists each episode before acting on it.
 */
export class DurableRuntime {
  readonly stats: DurableStats = { episodes: 0, historyEventsReplayed: 0, activitiesExecuted: 0 };
  readonly #o: DurableRuntimeOptions;
  readonly #live = new Map<string, LiveInstance>();
  readonly #limiter: ConcurrencyLimiter;
  readonly #waiters = new Map<string, ((record: InstanceRecord) => void)[]>();
  #stopped = false;

  constructor(options: DurableRuntimeOptions) {
    this.#o = options;
    this.#limiter = new ConcurrencyLimiter(options.config.maxConcurrentActivityFunctions);
  }

  get store(): InstanceStore {
    return this.#o.store;
  }

  /** Resumes every instance a previous process left active. */
  async resume(): Promise<void> {
    const records = await this.#o.store.list({ statuses: ACTIVE_STATUSES });
    const lives: LiveInstance[] = [];
    for (const record of records) {
      const live = new LiveInstance(record, await this.#o.store.history(record));
      this.#live.set(record.instanceId, live);
      lives.push(live);
    }
    for (const live of lives) await this.#recover(live);
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
   * @throws {DurableEngineError} unknown orchestrator, or an active instance with that id when
   *   starts may only replace non-running instances.
   */
  async startNew(
    name: string,
    instanceId: string | undefined,
    input: string | undefined,
    parent?: { readonly instanceId: string; readonly taskId: number },
  ): Promise<string> {
    this.#assertRunning();
    if (!this.#o.orchestrations.has(name)) {
      throw new DurableEngineError(
        'ERR_DURABLE_UNKNOWN_ORCHESTRATOR',
        `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      );
    }
    const id = instanceId ?? randomUUID().replaceAll('-', '');
    const existing = await this.#o.store.get(id);
    if (existing && ACTIVE_STATUSES.includes(existing.runtimeStatus)) {
      if (this.#o.config.overridableExistingInstanceStates === 'NonRunningStates') {
        throw new DurableEngineError(
          'ERR_DURABLE_INSTANCE_EXISTS',
          `An Orchestration instance with the status ${existing.runtimeStatus} already exists.`,
        );
      }
      this.#forget(id);
    }
    const now = this.#o.clock.now();
    const executionId = randomUUID().replaceAll('-', '');
    const record: InstanceRecord = {
      instanceId: id,
      name,
      executionId,
      runtimeStatus: 'Pending',
      ...(input === undefined ? {} : { input }),
      createdTime: now,
      lastUpdatedTime: now,
      ...(parent ? { parentInstanceId: parent.instanceId, parentTaskId: parent.taskId } : {}),
      historyLength: 0,
      progress: INITIAL_PROGRESS,
      inbox: [executionStarted(name, id, executionId, input, now, parent?.instanceId)],
    };
    await this.#o.store.save(record, { replace: [] });
    const live = new LiveInstance(record, []);
    this.#live.set(id, live);
    this.#o.log('info', `Orchestration '${name}' (${id}) scheduled.`);
    this.#scheduleEpisode(live);
    return id;
  }

  /** Accepts an external event for a running instance. */
  async raiseEvent(instanceId: string, eventName: string, data: string): Promise<ManagementResult> {
    return this.#manage(instanceId, ['Failed', ...TERMINAL], async (live) => {
      const event = historyEvent(EventType.EventRaised, this.#o.clock.now(), {
        Name: eventName,
        Input: data,
      });
      await this.#save(live, { ...live.record, inbox: [...live.record.inbox, event] });
      this.#scheduleEpisode(live);
    });
  }

  async terminate(instanceId: string, reason: string): Promise<ManagementResult> {
    return this.#manage(instanceId, TERMINAL, async (live) => {
      const now = this.#o.clock.now();
      const output = JSON.stringify(reason);
      await this.#finish(live, { runtimeStatus: 'Terminated', output, inbox: [] }, [
        historyEvent(EventType.ExecutionTerminated, now, { Input: reason }),
      ]);
      this.#o.log(
        'warn',
        `Orchestration '${live.record.name}' (${instanceId}) terminated: ${reason}`,
      );
      this.#notifyParent(live.record, true, output, 'terminated');
    });
  }

  async suspend(instanceId: string, reason: string): Promise<ManagementResult> {
    return this.#manage(instanceId, TERMINAL, async (live) => {
      if (live.record.runtimeStatus === 'Suspended') return;
      const event = historyEvent(EventType.ExecutionSuspended, this.#o.clock.now(), {
        Reason: reason,
      });
      await this.#appendAndSave(live, { runtimeStatus: 'Suspended' }, [event]);
    });
  }

  async resumeInstance(instanceId: string, reason: string): Promise<ManagementResult> {
    return this.#manage(instanceId, TERMINAL, async (live) => {
      if (live.record.runtimeStatus !== 'Suspended') return;
      const event = historyEvent(EventType.ExecutionResumed, this.#o.clock.now(), {
        Reason: reason,
      });
      await this.#appendAndSave(live, { runtimeStatus: 'Running' }, [event]);
      this.#scheduleEpisode(live);
    });
  }

  /** Resolves with the instance's record once it reaches a terminal status. */
  async waitForCompletion(instanceId: string): Promise<InstanceRecord> {
    const record = await this.#o.store.get(instanceId);
    if (record && TERMINAL.includes(record.runtimeStatus) && !this.#live.has(instanceId)) {
      return record;
    }
    return new Promise((resolve) => {
      this.#waiters.set(instanceId, [...(this.#waiters.get(instanceId) ?? []), resolve]);
    });
  }

  async #manage(
    instanceId: string,
    goneStatuses: readonly RuntimeStatus[],
    action: (live: LiveInstance) => Promise<void>,
  ): Promise<ManagementResult> {
    const release = beginWork(this.#o.clock);
    try {
      const live = this.#live.get(instanceId);
      if (!live) {
        const record = await this.#o.store.get(instanceId);
        return record ? 'gone' : 'notFound';
      }
      return await live.exclusive(async () => {
        if (
          this.#live.get(instanceId) !== live ||
          goneStatuses.includes(live.record.runtimeStatus)
        ) {
          return 'gone';
        }
        await action(live);
        return 'accepted';
      });
    } finally {
      release();
    }
  }

  #assertRunning(): void {
    if (this.#stopped) {
      throw new DurableEngineError('ERR_DURABLE_STOPPED', 'The durable engine has been stopped.');
    }
  }

  #forget(instanceId: string): void {
    this.#live.get(instanceId)?.cancelTimers();
    this.#live.delete(instanceId);
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
        .catch((error: unknown) => {
          this.#o.log(
            'error',
            `Orchestration '${live.record.name}' (${live.record.instanceId}) could not be advanced: ${(error as Error).message}`,
          );
        })
        .finally(release);
    });
  }

  async #episode(live: LiveInstance): Promise<void> {
    const { record } = live;
    if (this.#stopped || this.#live.get(record.instanceId) !== live) return;
    if (record.runtimeStatus !== 'Running' && record.runtimeStatus !== 'Pending') return;
    // Activities still waiting for a slot will complete soon: wait and deliver them together.
    if (live.queuedActivities > 0) return;
    const events = [...record.inbox, ...live.pending];
    if (events.length === 0) return;
    live.pending = [];
    let result: EpisodeResult;
    try {
      result = await runEpisode({
        record,
        history: live.history,
        events,
        now: this.#o.clock.now(),
        invoke: (triggerInput) => this.#o.invoke(record.name, triggerInput),
      });
    } catch (error) {
      live.pending = [...events.slice(record.inbox.length), ...live.pending];
      throw error;
    }
    this.stats.episodes++;
    this.stats.historyEventsReplayed += result.replayedEvents;
    if (result.outcome.kind === 'continuedAsNew') {
      await this.#continueAsNew(live, result.outcome.input);
      return;
    }
    const next: InstanceRecord = { ...result.record, inbox: [] };
    try {
      await this.#o.store.save(next, { append: result.appended });
    } catch (error) {
      live.pending = [...events.slice(record.inbox.length), ...live.pending];
      throw new DurableEngineError(
        'ERR_DURABLE_STORE',
        `Saving the episode failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
    live.record = next;
    live.history.push(...result.appended);
    if (record.runtimeStatus === 'Pending') {
      this.#o.log('info', `Orchestration '${record.name}' (${record.instanceId}) started.`);
    }
    const { outcome } = result;
    if (outcome.kind === 'running') {
      for (const item of result.work) this.#apply(live, item);
      if (live.pending.length > 0) this.#scheduleEpisode(live);
      return;
    }
    this.#close(live);
    if (outcome.kind === 'completed') {
      this.#o.log('info', `Orchestration '${record.name}' (${record.instanceId}) completed.`);
      this.#notifyParent(next, false, next.output, '');
    } else if (outcome.kind === 'failed') {
      const reason = next.output ? (JSON.parse(next.output) as string) : 'failed';
      this.#o.log(
        'error',
        `Orchestration '${record.name}' (${record.instanceId}) failed: ${reason}`,
      );
      this.#notifyParent(next, true, next.output, outcome.details);
    }
  }

  async #continueAsNew(live: LiveInstance, input: string | undefined): Promise<void> {
    const now = this.#o.clock.now();
    const { record } = live;
    const executionId = randomUUID().replaceAll('-', '');
    live.cancelTimers();
    const next: InstanceRecord = {
      ...record,
      input,
      output: undefined,
      executionId,
      runtimeStatus: 'Running',
      lastUpdatedTime: now,
      historyLength: 0,
      progress: INITIAL_PROGRESS,
      inbox: [
        executionStarted(
          record.name,
          record.instanceId,
          executionId,
          input,
          now,
          record.parentInstanceId,
        ),
      ],
    };
    await this.#o.store.save(next, { replace: [] });
    live.record = next;
    live.history = [];
    live.pending = [];
    this.#o.log('info', `Orchestration '${record.name}' (${record.instanceId}) continued as new.`);
    this.#scheduleEpisode(live);
  }

  #apply(live: LiveInstance, item: WorkItem): void {
    switch (item.kind) {
      case 'activity':
        this.#runActivity(live, item.taskId, item.name, item.input);
        break;
      case 'timer': {
        const controller = new AbortController();
        live.timers.set(item.timerId, controller);
        this.#o.clock.sleepUntil(item.fireAt, controller.signal).then(
          () => {
            live.timers.delete(item.timerId);
            this.#deliver(
              live,
              historyEvent(EventType.TimerFired, this.#o.clock.now(), {
                TimerId: item.timerId,
                FireAt: new Date(item.fireAt).toISOString(),
              }),
            );
          },
          () => undefined,
        );
        break;
      }
      case 'cancelTimer':
        live.timers.get(item.timerId)?.abort();
        live.timers.delete(item.timerId);
        break;
      case 'subOrchestration':
        void this.#startChild(live, item.taskId, item.name, item.instanceId, item.input);
        break;
      case 'deliver':
        this.#deliver(live, item.event);
        break;
    }
  }

  #deliver(live: LiveInstance, event: HistoryEvent, executionId = live.record.executionId): void {
    if (this.#stopped || this.#live.get(live.record.instanceId) !== live) return;
    if (live.record.executionId !== executionId) return;
    live.pending.push(event);
    this.#scheduleEpisode(live);
  }

  #runActivity(live: LiveInstance, taskId: number, name: string, input: string | undefined): void {
    const release = beginWork(this.#o.clock);
    const { executionId } = live.record;
    live.queuedActivities++;
    void this.#limiter
      .run(async () => {
        live.queuedActivities--;
        if (live.queuedActivities === 0 && live.pending.length > 0) this.#scheduleEpisode(live);
        if (this.#stopped) return;
        let event: HistoryEvent;
        if (!this.#o.activities.has(name)) {
          event = activityFailed(
            taskId,
            name,
            new Error(
              `The function '${name}' doesn't exist, is disabled, or is not an activity function.`,
            ),
            this.#o.clock.now(),
          );
        } else {
          try {
            const parsed = input === undefined ? undefined : (JSON.parse(input) as unknown);
            const result = await this.#o.invoke(name, parsed);
            event = activityCompleted(taskId, result, this.#o.clock.now());
          } catch (error) {
            event = activityFailed(taskId, name, error, this.#o.clock.now());
          }
        }
        this.stats.activitiesExecuted++;
        this.#deliver(live, event, executionId);
      })
      .finally(release);
  }

  async #startChild(
    parent: LiveInstance,
    taskId: number,
    name: string,
    instanceId: string,
    input: string | undefined,
  ): Promise<void> {
    const release = beginWork(this.#o.clock);
    try {
      await this.startNew(name, instanceId, input, {
        instanceId: parent.record.instanceId,
        taskId,
      });
    } catch (error) {
      this.#deliver(
        parent,
        subOrchestrationFinished(
          taskId,
          true,
          JSON.stringify((error as Error).message),
          '',
          this.#o.clock.now(),
        ),
      );
    } finally {
      release();
    }
  }

  #notifyParent(
    child: InstanceRecord,
    failed: boolean,
    output: string | undefined,
    details: string,
  ): void {
    if (child.parentInstanceId === undefined || child.parentTaskId === undefined) return;
    const parent = this.#live.get(child.parentInstanceId);
    if (!parent) return;
    this.#deliver(
      parent,
      subOrchestrationFinished(child.parentTaskId, failed, output, details, this.#o.clock.now()),
    );
  }

  async #recover(live: LiveInstance): Promise<void> {
    for (const timer of live.record.progress.timers) {
      this.#apply(live, { kind: 'timer', timerId: timer.id, fireAt: timer.fireAt });
    }
    for (const task of unfinishedTasks(live.history)) {
      if (task.kind === 'activity') {
        this.#runActivity(live, task.taskId, task.name, task.input);
        continue;
      }
      const child = await this.#o.store.get(task.instanceId ?? '');
      if (!child) {
        void this.#startChild(live, task.taskId, task.name, task.instanceId ?? '', task.input);
      } else if (TERMINAL.includes(child.runtimeStatus)) {
        this.#deliver(
          live,
          subOrchestrationFinished(
            task.taskId,
            child.runtimeStatus !== 'Completed',
            child.output,
            '',
            this.#o.clock.now(),
          ),
        );
      }
    }
    this.#scheduleEpisode(live);
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

  async #appendAndSave(
    live: LiveInstance,
    changes: Partial<InstanceRecord>,
    events: HistoryEvent[],
  ): Promise<void> {
    const record: InstanceRecord = {
      ...live.record,
      ...changes,
      lastUpdatedTime: this.#o.clock.now(),
      historyLength: live.record.historyLength + events.length,
    };
    await this.#save(live, record, events);
  }

  async #finish(
    live: LiveInstance,
    changes: Partial<InstanceRecord>,
    events: HistoryEvent[],
  ): Promise<void> {
    await this.#appendAndSave(live, changes, events);
    this.#close(live);
  }

  #close(live: LiveInstance): void {
    live.cancelTimers();
    this.#live.delete(live.record.instanceId);
    const waiters = this.#waiters.get(live.record.instanceId) ?? [];
    this.#waiters.delete(live.record.instanceId);
    for (const resolve of waiters) resolve(live.record);
  }
}

function executionStarted(
  name: string,
  instanceId: string,
  executionId: string,
  input: string | undefined,
  at: number,
  parentInstanceId: string | undefined,
): HistoryEvent {
  return historyEvent(EventType.ExecutionStarted, at, {
    Name: name,
    Input: input,
    OrchestrationInstance: { InstanceId: instanceId, ExecutionId: executionId },
    ...(parentInstanceId
      ? { ParentInstance: { OrchestrationInstance: { InstanceId: parentInstanceId } } }
      : {}),
  });
}
