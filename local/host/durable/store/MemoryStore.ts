import type { HistoryEvent } from '../replay/historyEvents.js';
import {
  matchesQuery,
  type HistoryChange,
  type InstanceQuery,
  type InstanceRecord,
  type InstanceStore,
} from './InstanceStore.js';

/** Keeps durable state in memory (unit tests, throwaway runs); copies on the way in and out. */
export class MemoryStore implements InstanceStore {
  readonly #records = new Map<string, InstanceRecord>();
  readonly #histories = new Map<string, HistoryEvent[]>();

  get(instanceId: string): Promise<InstanceRecord | undefined> {
    const record = this.#records.get(instanceId);
    return Promise.resolve(record && structuredClone(record));
  }

  history(record: InstanceRecord): Promise<HistoryEvent[]> {
    const events = this.#histories.get(record.instanceId) ?? [];
    return Promise.resolve(structuredClone(events.slice(0, record.historyLength)));
  }

  save(record: InstanceRecord, change?: HistoryChange): Promise<void> {
    if (change && 'replace' in change) {
      this.#histories.set(record.instanceId, structuredClone([...change.replace]));
    } else if (change) {
      const events = this.#histories.get(record.instanceId) ?? [];
      const start = record.historyLength - change.append.length;
      events.splice(start, events.length - start, ...structuredClone([...change.append]));
      this.#histories.set(record.instanceId, events);
    }
    this.#records.set(record.instanceId, structuredClone(record));
    return Promise.resolve();
  }

  list(query?: InstanceQuery): Promise<InstanceRecord[]> {
    const records = [...this.#records.values()].filter((r) => matchesQuery(r, query));
    return Promise.resolve(structuredClone(records));
  }

  purge(instanceId: string): Promise<boolean> {
    this.#histories.delete(instanceId);
    return Promise.resolve(this.#records.delete(instanceId));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
