import type { HistoryEvent } from '../replay/historyEvents.js';
import type { ReplayProgress } from '../replay/ReplayProgress.js';

/** Runtime statuses as the durable HTTP API reports them. */
export type RuntimeStatus =
  | 'Pending'
  | 'Running'
  | 'Completed'
  | 'ContinuedAsNew'
  | 'Failed'
  | 'Canceled'
  | 'Terminated'
  | 'Suspended';

/** Statuses in which an instance still has work to do. */
export const ACTIVE_STATUSES: readonly RuntimeStatus[] = ['Pending', 'Running', 'Suspended'];

/** Statuses after which an instance does nothing more. */
export const TERMINAL_STATUSES: readonly RuntimeStatus[] = [
  'Completed',
  'Failed',
  'Terminated',
  'Canceled',
];

/** Everything the engine keeps about one orchestration instance besides its history. */
export interface InstanceRecord {
  readonly instanceId: string;
  readonly name: string;
  readonly executionId: string;
  readonly runtimeStatus: RuntimeStatus;
  /** JSON text, as in ExecutionStarted.Input. */
  readonly input?: string;
  /** JSON text. */
  readonly output?: string;
  /** JSON text. */
  readonly customStatus?: string;
  /** Epoch ms. */
  readonly createdTime: number;
  readonly lastUpdatedTime: number;
  readonly parentInstanceId?: string;
  /** The parent's EventId for this sub-orchestration. */
  readonly parentTaskId?: number;
  /** Number of history events committed for the current execution. */
  readonly historyLength: number;
  readonly progress: ReplayProgress;
  /** Events accepted (ExecutionStarted, raised events) but not yet delivered in an episode. */
  readonly inbox: readonly HistoryEvent[];
}

/** How a save changes the history of the record's current execution. */
export type HistoryChange =
  { readonly append: readonly HistoryEvent[] } | { readonly replace: readonly HistoryEvent[] };

/** Filters of {@link InstanceStore.list}. */
export interface InstanceQuery {
  readonly createdTimeFrom?: number;
  readonly createdTimeTo?: number;
  readonly statuses?: readonly RuntimeStatus[];
  /** Only ids starting with this (the HTTP API's `instanceIdPrefix`). */
  readonly instanceIdPrefix?: string;
}

/**
 * Durable state of a task hub. A save writes the history change before the record, so a crash
 * between the two leaves the record at its previous, consistent state (the orphaned events are
 * ignored and later overwritten), and a completed episode is never appended twice.
 */
export interface InstanceStore {
  get(instanceId: string): Promise<InstanceRecord | undefined>;
  /** History of the current execution (length `record.historyLength`). */
  history(record: InstanceRecord): Promise<HistoryEvent[]>;
  save(record: InstanceRecord, change?: HistoryChange): Promise<void>;
  list(query?: InstanceQuery): Promise<InstanceRecord[]>;
  /** Deletes the instance and its history; false when it did not exist. */
  purge(instanceId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Whether `record` matches `query`. */
export function matchesQuery(record: InstanceRecord, query: InstanceQuery = {}): boolean {
  if (query.createdTimeFrom !== undefined && record.createdTime < query.createdTimeFrom)
    return false;
  if (query.createdTimeTo !== undefined && record.createdTime > query.createdTimeTo) return false;
  if (query.statuses && query.statuses.length > 0 && !query.statuses.includes(record.runtimeStatus))
    return false;
  if (query.instanceIdPrefix && !record.instanceId.startsWith(query.instanceIdPrefix)) return false;
  return true;
}
