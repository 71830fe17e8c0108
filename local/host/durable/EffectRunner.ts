import { beginWork } from '../clock/WorkTrackingClock.js';
import type { Clock, HostLog, InvokeFunction } from '../contracts.js';
import { isWorkerExit } from '../worker/WorkerExitedError.js';
import { ConcurrencyLimiter } from './ConcurrencyLimiter.js';
import type { Effect } from './Effect.js';
import type { InstanceDriver } from './InstanceDriver.js';
import {
  activityCompleted,
  activityFailed,
  builtInActivityFailed,
  subOrchestrationFinished,
} from './replay/completionEvents.js';
import { HTTP_ACTIVITY, type DurableHttpResponse } from './replay/durableHttp.js';
import { EventType, historyEvent, type HistoryEvent } from './replay/historyEvents.js';
import type { WorkItem } from './replay/WorkItem.js';
import {
  TERMINAL_STATUSES,
  type InstanceRecord,
  type InstanceStore,
} from './store/InstanceStore.js';

/** Runs a durable HTTP request (the built-in activity's `[request]` input) to its response. */
export type HttpActivity = (inputText: string | undefined) => Promise<DurableHttpResponse>;

/** Options of {@link EffectRunner}. */
export interface EffectRunnerOptions {
  readonly clock: Clock;
  readonly log: HostLog;
  readonly store: InstanceStore;
  readonly invoke: InvokeFunction;
  readonly activities: ReadonlySet<string>;
  /** Runs the built-in `BuiltIn::HttpActivity` (durable HTTP) in the host, as the extension does. */
  readonly httpActivity: HttpActivity;
  readonly maxConcurrentActivities: number;
  /** Called after each activity execution (for stats). */
  readonly onActivity: () => void;
  readonly stopped: () => boolean;
  /** The driver of an instance id, if the engine drives it. */
  readonly driverOf: (instanceId: string) => InstanceDriver | undefined;
  readonly startChild: (
    name: string,
    instanceId: string,
    input: string | undefined,
    parent: { readonly instanceId: string; readonly taskId: number },
  ) => Promise<string>;
  /** Forgets a finished driver and wakes whoever waits for the instance. */
  readonly complete: (driver: InstanceDriver, record: InstanceRecord) => void;
}

/** Key of the episode retry among an instance's timers (durable timer ids are ≥ 0). */
const RETRY_TIMER = -1;

/**
 * Carries out drivers' effects: activities (bounded concurrency, at-least-once), durable timers
 * on the clock, sub-orchestrations, the parent's notification. It keeps only its own resources
 * (timer handles) and reports every outcome to the driver as a message.
 */
export class EffectRunner {
  readonly #o: EffectRunnerOptions;
  readonly #limiter: ConcurrencyLimiter;
  readonly #timers = new Map<InstanceDriver, Map<number, AbortController>>();

  constructor(options: EffectRunnerOptions) {
    this.#o = options;
    this.#limiter = new ConcurrencyLimiter(options.maxConcurrentActivities);
  }

  /** Runs `effects` of `driver`'s turn, in order. */
  run(driver: InstanceDriver, effects: readonly Effect[]): void {
    for (const effect of effects) this.#run(driver, effect);
  }

  #run(driver: InstanceDriver, effect: Effect): void {
    switch (effect.kind) {
      case 'dispatch':
        this.#dispatch(driver, effect.executionId, effect.item);
        break;
      case 'recoverChild':
        void this.#recoverChild(driver, effect);
        break;
      case 'cancelTimers':
        for (const timer of this.#timers.get(driver)?.values() ?? []) timer.abort();
        this.#timers.delete(driver);
        break;
      case 'retryAfter':
        this.#sleep(driver, RETRY_TIMER, this.#o.clock.now() + effect.delayMs, () => {
          void driver.post({ kind: 'retryDue' });
        });
        break;
      case 'notifyParent': {
        const parentId = effect.child.parentInstanceId;
        const parent = parentId === undefined ? undefined : this.#o.driverOf(parentId);
        void parent?.post({ kind: 'completed', event: effect.event });
        break;
      }
      case 'complete':
        this.#o.complete(driver, effect.record);
        break;
      case 'log':
        this.#o.log(effect.level, effect.message);
        break;
    }
  }

  #dispatch(driver: InstanceDriver, executionId: string, item: WorkItem): void {
    const completed = (event: HistoryEvent): void =>
      void driver.post({ kind: 'completed', event, executionId });
    switch (item.kind) {
      case 'activity':
        this.#runActivity(driver, item.taskId, item.name, item.input, completed);
        break;
      case 'timer':
        this.#sleep(driver, item.timerId, item.fireAt, () => {
          completed(
            historyEvent(EventType.TimerFired, this.#o.clock.now(), {
              TimerId: item.timerId,
              FireAt: new Date(item.fireAt).toISOString(),
            }),
          );
        });
        break;
      case 'cancelTimer':
        this.#timers.get(driver)?.get(item.timerId)?.abort();
        this.#timers.get(driver)?.delete(item.timerId);
        break;
      case 'subOrchestration':
        void this.#startChild(
          driver,
          item.taskId,
          item.name,
          item.instanceId,
          item.input,
          completed,
        );
        break;
      case 'deliver':
        completed(item.event);
        break;
    }
  }

  #sleep(driver: InstanceDriver, id: number, at: number, fired: () => void): void {
    const controller = new AbortController();
    const timers = this.#timers.get(driver) ?? new Map<number, AbortController>();
    this.#timers.set(driver, timers);
    timers.set(id, controller);
    this.#o.clock.sleepUntil(at, controller.signal).then(
      () => {
        if (timers.get(id) === controller) timers.delete(id);
        fired();
      },
      () => undefined,
    );
  }

  async #recoverChild(
    driver: InstanceDriver,
    effect: Extract<Effect, { kind: 'recoverChild' }>,
  ): Promise<void> {
    const completed = (event: HistoryEvent): void =>
      void driver.post({ kind: 'completed', event, executionId: effect.executionId });
    const child = await this.#o.store.get(effect.childId);
    if (!child) {
      await this.#startChild(
        driver,
        effect.taskId,
        effect.name,
        effect.childId,
        effect.input,
        completed,
      );
    } else if (TERMINAL_STATUSES.includes(child.runtimeStatus)) {
      const failed = child.runtimeStatus !== 'Completed';
      const now = this.#o.clock.now();
      completed(subOrchestrationFinished(effect.taskId, failed, child.output, '', now));
    }
  }

  #runActivity(
    driver: InstanceDriver,
    taskId: number,
    name: string,
    input: string | undefined,
    completed: (event: HistoryEvent) => void,
  ): void {
    const release = beginWork(this.#o.clock);
    void this.#limiter
      .run(async () => {
        void driver.post({ kind: 'activityStarted' });
        if (this.#o.stopped()) return;
        const event = await this.#execute(taskId, name, input);
        this.#o.onActivity();
        completed(event);
      })
      .finally(release);
  }

  async #execute(taskId: number, name: string, input: string | undefined): Promise<HistoryEvent> {
    const { clock } = this.#o;
    if (name === HTTP_ACTIVITY) {
      try {
        return activityCompleted(taskId, await this.#o.httpActivity(input), clock.now());
      } catch (error) {
        return builtInActivityFailed(taskId, error, clock.now());
      }
    }
    if (!this.#o.activities.has(name)) {
      const missing = new Error(
        `The function '${name}' doesn't exist, is disabled, or is not an activity function.`,
      );
      return activityFailed(taskId, name, missing, clock.now());
    }
    const parsed = input === undefined ? undefined : (JSON.parse(input) as unknown);
    for (;;) {
      try {
        const result = await this.#o.invoke(name, parsed);
        return activityCompleted(taskId, result, clock.now());
      } catch (error) {
        // A worker that died under the activity is the platform's failure, not the activity's:
        // the extension aborts the work item and it is delivered again (OutOfProcMiddleware.cs).
        if (isWorkerExit(error) && !this.#o.stopped()) continue;
        return activityFailed(taskId, name, error, clock.now());
      }
    }
  }

  async #startChild(
    parent: InstanceDriver,
    taskId: number,
    name: string,
    instanceId: string,
    input: string | undefined,
    completed: (event: HistoryEvent) => void,
  ): Promise<void> {
    const release = beginWork(this.#o.clock);
    try {
      await this.#o.startChild(name, instanceId, input, {
        instanceId: parent.record.instanceId,
        taskId,
      });
    } catch (error) {
      const reason = JSON.stringify((error as Error).message);
      completed(subOrchestrationFinished(taskId, true, reason, '', this.#o.clock.now()));
    } finally {
      release();
    }
  }
}
