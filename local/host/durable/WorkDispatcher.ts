import { beginWork } from '../clock/WorkTrackingClock.js';
import type { InvokeFunction } from '../contracts.js';
import { isWorkerExit } from '../worker/WorkerExitedError.js';
import { ConcurrencyLimiter } from './ConcurrencyLimiter.js';
import type { LiveInstance } from './LiveInstance.js';
import {
  activityCompleted,
  activityFailed,
  builtInActivityFailed,
  subOrchestrationFinished,
} from './replay/completionEvents.js';
import { HTTP_ACTIVITY, type DurableHttpResponse } from './replay/durableHttp.js';
import { EventType, historyEvent, type HistoryEvent } from './replay/historyEvents.js';
import { unfinishedTasks } from './replay/unfinishedTasks.js';
import type { WorkItem } from './replay/WorkItem.js';
import { TERMINAL_STATUSES, type RuntimeHooks } from './RuntimeHooks.js';

/** Runs a durable HTTP request (the built-in activity's `[request]` input) to its response. */
export type HttpActivity = (inputText: string | undefined) => Promise<DurableHttpResponse>;

/** Options of {@link WorkDispatcher}. */
export interface WorkDispatcherOptions {
  readonly hooks: RuntimeHooks;
  readonly invoke: InvokeFunction;
  readonly activities: ReadonlySet<string>;
  /** Runs the built-in `BuiltIn::HttpActivity` (durable HTTP) in the host, as the extension does. */
  readonly httpActivity: HttpActivity;
  readonly maxConcurrentActivities: number;
  /** Called after each activity execution (for stats). */
  readonly onActivity: () => void;
  readonly stopped: () => boolean;
}

/**
 * Carries out what episodes ask for: activities (bounded concurrency, at-least-once), durable
 * timers on the clock, sub-orchestrations; each outcome goes back as a history event.
 */
export class WorkDispatcher {
  readonly #o: WorkDispatcherOptions;
  readonly #limiter: ConcurrencyLimiter;

  constructor(options: WorkDispatcherOptions) {
    this.#o = options;
    this.#limiter = new ConcurrencyLimiter(options.maxConcurrentActivities);
  }

  /** Does what `item` asks, unless the task or timer it names was dispatched already. */
  apply(live: LiveInstance, item: WorkItem): void {
    const { hooks } = this.#o;
    const id = workItemId(item);
    if (id !== undefined) {
      if (live.dispatched.has(id)) return;
      live.dispatched.add(id);
    }
    switch (item.kind) {
      case 'activity':
        this.#runActivity(live, item.taskId, item.name, item.input);
        break;
      case 'timer': {
        const controller = new AbortController();
        live.timers.set(item.timerId, controller);
        hooks.clock.sleepUntil(item.fireAt, controller.signal).then(
          () => {
            live.timers.delete(item.timerId);
            const fired = historyEvent(EventType.TimerFired, hooks.clock.now(), {
              TimerId: item.timerId,
              FireAt: new Date(item.fireAt).toISOString(),
            });
            hooks.deliver(live, fired);
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
        hooks.deliver(live, item.event);
        break;
    }
  }

  /** Re-arms timers and re-runs unfinished work of an instance loaded after a restart. */
  async recover(live: LiveInstance): Promise<void> {
    const { hooks } = this.#o;
    for (const timer of live.record.progress.timers) {
      this.apply(live, { kind: 'timer', timerId: timer.id, fireAt: timer.fireAt });
    }
    for (const task of unfinishedTasks(live.history)) {
      live.dispatched.add(task.taskId);
      if (task.kind === 'activity') {
        this.#runActivity(live, task.taskId, task.name, task.input);
        continue;
      }
      const childId = task.instanceId ?? '';
      const child = await hooks.store.get(childId);
      if (!child) {
        void this.#startChild(live, task.taskId, task.name, childId, task.input);
      } else if (TERMINAL_STATUSES.includes(child.runtimeStatus)) {
        const failed = child.runtimeStatus !== 'Completed';
        const now = hooks.clock.now();
        hooks.deliver(live, subOrchestrationFinished(task.taskId, failed, child.output, '', now));
      }
    }
    hooks.scheduleEpisode(live);
  }

  #runActivity(live: LiveInstance, taskId: number, name: string, input: string | undefined): void {
    const { hooks } = this.#o;
    const release = beginWork(hooks.clock);
    const { executionId } = live.record;
    live.queuedActivities++;
    void this.#limiter
      .run(async () => {
        live.queuedActivities--;
        if (live.queuedActivities === 0 && live.pending.length > 0) hooks.scheduleEpisode(live);
        if (this.#o.stopped()) return;
        const event = await this.#execute(taskId, name, input);
        this.#o.onActivity();
        hooks.deliver(live, event, executionId);
      })
      .finally(release);
  }

  async #execute(taskId: number, name: string, input: string | undefined): Promise<HistoryEvent> {
    const { clock } = this.#o.hooks;
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
    parent: LiveInstance,
    taskId: number,
    name: string,
    instanceId: string,
    input: string | undefined,
  ): Promise<void> {
    const { hooks } = this.#o;
    const release = beginWork(hooks.clock);
    try {
      await hooks.startChild(name, instanceId, input, {
        instanceId: parent.record.instanceId,
        taskId,
      });
    } catch (error) {
      const reason = JSON.stringify((error as Error).message);
      hooks.deliver(parent, subOrchestrationFinished(taskId, true, reason, '', hooks.clock.now()));
    } finally {
      release();
    }
  }
}

/** The task or timer id a work item starts, if it starts one. */
export function workItemId(item: WorkItem): number | undefined {
  switch (item.kind) {
    case 'activity':
    case 'subOrchestration':
      return item.taskId;
    case 'timer':
      return item.timerId;
    default:
      return undefined;
  }
}
