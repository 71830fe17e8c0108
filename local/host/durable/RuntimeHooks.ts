import type { Clock, HostLog } from '../contracts.js';
import type { LiveInstance } from './LiveInstance.js';
import type { HistoryEvent } from './replay/historyEvents.js';
import type { InstanceRecord, InstanceStore, RuntimeStatus } from './store/InstanceStore.js';

/** Statuses after which an instance does nothing more. */
export const TERMINAL_STATUSES: readonly RuntimeStatus[] = [
  'Completed',
  'Failed',
  'Terminated',
  'Canceled',
];

/** What the runtime's helpers (work dispatch, management) may do to live instances. */
export interface RuntimeHooks {
  readonly clock: Clock;
  readonly log: HostLog;
  readonly store: InstanceStore;
  live(instanceId: string): LiveInstance | undefined;
  /** Queues a completion for the instance's next episode (dropped if the execution changed). */
  deliver(live: LiveInstance, event: HistoryEvent, executionId?: string): void;
  scheduleEpisode(live: LiveInstance): void;
  /** Saves `record` (and appends `appended` to history), then makes it the live state. */
  save(live: LiveInstance, record: InstanceRecord, appended?: HistoryEvent[]): Promise<void>;
  /** Forgets a finished instance and wakes its waiters. */
  close(live: LiveInstance): void;
  /** Tells the parent orchestration, if any, that this sub-orchestration finished. */
  notifyParent(child: InstanceRecord, failed: boolean, details: string): void;
  startChild(
    name: string,
    instanceId: string,
    input: string | undefined,
    parent: { readonly instanceId: string; readonly taskId: number },
  ): Promise<string>;
}
