import type { Clock } from '../contracts.js';
import type { ManagementResult } from './instanceManagement.js';
import type { HistoryEvent } from './replay/historyEvents.js';
import type { InstanceQuery, InstanceRecord } from './store/InstanceStore.js';

/**
 * The engine as the durable HTTP API (and any other client) sees it: every read and change of an
 * instance goes through here, never to the store, so the engine's per-instance ordering holds.
 */
export interface DurableInstances {
  /** The clock the engine runs on (create-and-wait polls on it). */
  readonly clock: Clock;
  /**
   * Creates (or replaces) an instance; resolves with its id once it is persisted.
   *
   * @throws {DurableEngineError} unknown orchestrator, stopped engine, or a running instance
   *   with that id when starts may only replace non-running instances.
   */
  startNew(
    name: string,
    instanceId: string | undefined,
    input: string | undefined,
  ): Promise<string>;
  /**
   * Starts an instance's orchestrator again with its input, under a new id unless `sameId`;
   * `undefined` when the instance is unknown.
   */
  restart(instanceId: string, sameId: boolean): Promise<string | undefined>;
  raiseEvent(instanceId: string, eventName: string, data: string): Promise<ManagementResult>;
  terminate(instanceId: string, reason: string): Promise<ManagementResult>;
  suspend(instanceId: string, reason: string): Promise<ManagementResult>;
  resumeInstance(instanceId: string, reason: string): Promise<ManagementResult>;
  rewind(instanceId: string, reason: string): Promise<ManagementResult>;
  /** Deletes an instance and its history whatever its status; false when it did not exist. */
  purge(instanceId: string): Promise<boolean>;
  /** Purges every instance `query` matches; resolves with how many were deleted. */
  purgeWhere(query: InstanceQuery): Promise<number>;
  getInstance(instanceId: string): Promise<InstanceRecord | undefined>;
  getHistory(record: InstanceRecord): Promise<readonly HistoryEvent[]>;
  listInstances(query: InstanceQuery): Promise<InstanceRecord[]>;
}
