import { randomUUID } from 'node:crypto';

import { DurableEngineError } from './DurableEngineError.js';
import { LiveInstance } from './LiveInstance.js';
import type { DurableTaskConfig } from './readDurableTaskConfig.js';
import { newInstanceRecord } from './replay/newExecution.js';
import type { RuntimeHooks } from './RuntimeHooks.js';
import { ACTIVE_STATUSES } from './store/InstanceStore.js';

/** A new id in the extension's format (a GUID without dashes). */
export const newId = (): string => randomUUID().replaceAll('-', '');

/** Options of {@link InstanceStarter}. */
export interface InstanceStarterOptions {
  readonly hooks: RuntimeHooks;
  readonly orchestrations: ReadonlySet<string>;
  readonly overridable: DurableTaskConfig['overridableExistingInstanceStates'];
  /** Makes a new instance live and schedules its first episode. */
  readonly adopt: (live: LiveInstance) => void;
  /** Drops a live instance that a new start replaces. */
  readonly discard: (live: LiveInstance) => void;
}

/** Starts instances, one start per instance id at a time so singleton starts are atomic. */
export class InstanceStarter {
  readonly #o: InstanceStarterOptions;
  readonly #starts = new Map<string, Promise<void>>();

  constructor(options: InstanceStarterOptions) {
    this.#o = options;
  }

  /**
   * Creates (or replaces) an instance; resolves with its id once it is persisted.
   *
   * @throws {DurableEngineError} `ERR_DURABLE_UNKNOWN_ORCHESTRATOR`, or
   *   `ERR_DURABLE_INSTANCE_EXISTS` when the id is active and starts may only replace
   *   non-running instances.
   */
  start(
    name: string,
    instanceId: string | undefined,
    input: string | undefined,
    parent?: { readonly instanceId: string; readonly taskId: number },
  ): Promise<string> {
    if (!this.#o.orchestrations.has(name)) {
      return Promise.reject(
        new DurableEngineError(
          'ERR_DURABLE_UNKNOWN_ORCHESTRATOR',
          `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
        ),
      );
    }
    const id = instanceId ?? newId();
    return this.#oneAtATime(id, async () => {
      const { hooks } = this.#o;
      const existing = await hooks.store.get(id);
      if (existing && ACTIVE_STATUSES.includes(existing.runtimeStatus)) {
        if (this.#o.overridable === 'NonRunningStates') {
          throw new DurableEngineError(
            'ERR_DURABLE_INSTANCE_EXISTS',
            `An Orchestration instance with the status ${existing.runtimeStatus} already exists.`,
          );
        }
        const old = hooks.live(id);
        // After its episode in flight, so that episode cannot save over the new instance.
        await old?.exclusive(() => Promise.resolve(this.#o.discard(old)));
      }
      const record = newInstanceRecord({
        name,
        instanceId: id,
        executionId: newId(),
        input,
        now: hooks.clock.now(),
        ...(parent ? { parent } : {}),
      });
      await hooks.store.save(record, { replace: [] });
      hooks.log('info', `Orchestration '${name}' (${id}) scheduled.`);
      this.#o.adopt(new LiveInstance(record, []));
      return id;
    });
  }

  #oneAtATime<T>(instanceId: string, start: () => Promise<T>): Promise<T> {
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
