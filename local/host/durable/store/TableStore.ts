import {
  odata,
  TableClient,
  type TableEntityResult,
  type TransactionAction,
} from '@azure/data-tables';

import type { HistoryEvent } from '../replay/historyEvents.js';
import {
  matchesQuery,
  type HistoryChange,
  type InstanceQuery,
  type InstanceRecord,
  type InstanceStore,
} from './InstanceStore.js';
import { LargePayloads } from './LargePayloads.js';
import { chunkByJsonSize } from './textProperties.js';
import { partitionKey, tableNames } from './tableNames.js';

/** Options of {@link TableStore}. */
export interface TableStoreOptions {
  /** A storage connection string; `UseDevelopmentStorage=true` means Azurite's default ports. */
  readonly connectionString: string;
  readonly hubName: string;
}

type Row = TableEntityResult<Record<string, unknown>>;

const OFFSET_DIGITS = 10;
/** The most operations Table Storage takes in one entity group transaction. */
const MAX_TRANSACTION_ACTIONS = 100;

/**
 * Durable state in Azure Table Storage (or Azurite): `<hub>Instances` holds one row per instance,
 * `<hub>History` the history in chunks keyed `<executionId>_<offset>`. A save writes history
 * chunks first and the instance row last; loading reads only the `historyLength` events the
 * instance row vouches for, so a crash mid-save loses nothing acknowledged and appends nothing
 * twice (a retried chunk lands on the same key). Text too large for an entity goes to blobs.
 */
export class TableStore implements InstanceStore {
  readonly #instances: TableClient;
  readonly #history: TableClient;
  readonly #large: LargePayloads;
  /** Deletions of replaced executions' history, per partition, chained. */
  readonly #cleanups = new Map<string, Promise<void>>();
  #ready: Promise<void> | undefined;

  constructor(options: TableStoreOptions) {
    const names = tableNames(options.hubName);
    const insecure = /UseDevelopmentStorage=true|DefaultEndpointsProtocol=http;|=http:\/\//i.test(
      options.connectionString,
    );
    const clientOptions = { allowInsecureConnection: insecure };
    this.#instances = TableClient.fromConnectionString(
      options.connectionString,
      names.instances,
      clientOptions,
    );
    this.#history = TableClient.fromConnectionString(
      options.connectionString,
      names.history,
      clientOptions,
    );
    this.#large = new LargePayloads(options.connectionString, names.largeMessages);
  }

  #ensureTables(): Promise<void> {
    this.#ready ??= Promise.all([this.#instances.createTable(), this.#history.createTable()]).then(
      () => undefined,
      (error: unknown) => {
        this.#ready = undefined;
        throw error;
      },
    );
    return this.#ready;
  }

  async get(instanceId: string): Promise<InstanceRecord | undefined> {
    await this.#ensureTables();
    try {
      const row = await this.#instances.getEntity<Record<string, unknown>>(
        partitionKey(instanceId),
        '',
      );
      return JSON.parse(await this.#large.unpack(row)) as InstanceRecord;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async history(record: InstanceRecord): Promise<HistoryEvent[]> {
    await this.#ensureTables();
    const prefix = `${record.executionId}_`;
    const rows: Row[] = [];
    const pk = partitionKey(record.instanceId);
    const filter = odata`PartitionKey eq ${pk} and RowKey ge ${prefix} and RowKey lt ${`${record.executionId}\``}`;
    for await (const row of this.#history.listEntities<Record<string, unknown>>({
      queryOptions: { filter },
    })) {
      rows.push(row);
    }
    rows.sort((a, b) => (a.rowKey ?? '').localeCompare(b.rowKey ?? ''));
    const events: HistoryEvent[] = [];
    for (const row of rows) {
      if (events.length >= record.historyLength) break;
      const offset = Number((row.rowKey ?? '').slice(prefix.length));
      if (offset < events.length) continue; // left over from a save that crashed
      if (offset > events.length) {
        throw new Error(`History of '${record.instanceId}' has a gap at event ${events.length}.`);
      }
      events.push(...(JSON.parse(await this.#large.unpack(row)) as HistoryEvent[]));
    }
    if (events.length < record.historyLength) {
      throw new Error(
        `History of '${record.instanceId}' is missing events after ${events.length}.`,
      );
    }
    return events.slice(0, record.historyLength);
  }

  async save(record: InstanceRecord, change?: HistoryChange): Promise<void> {
    await this.#ensureTables();
    const pk = partitionKey(record.instanceId);
    const events = change ? ('replace' in change ? change.replace : change.append) : [];
    let offset = change && 'append' in change ? record.historyLength - events.length : 0;
    for (const chunk of chunkByJsonSize(events)) {
      await this.#history.upsertEntity(
        {
          partitionKey: pk,
          rowKey: `${record.executionId}_${String(offset).padStart(OFFSET_DIGITS, '0')}`,
          ...(await this.#large.pack(pk, JSON.stringify(chunk))),
        },
        'Replace',
      );
      offset += chunk.length;
    }
    await this.#instances.upsertEntity(
      {
        partitionKey: pk,
        rowKey: '',
        Name: record.name,
        RuntimeStatus: record.runtimeStatus,
        CreatedTime: new Date(record.createdTime),
        ...(await this.#large.pack(pk, JSON.stringify(record))),
      },
      'Replace',
    );
    if (change && 'replace' in change) this.#cleanUpLater(pk, record.executionId);
  }

  async list(query?: InstanceQuery): Promise<InstanceRecord[]> {
    await this.#ensureTables();
    const records: InstanceRecord[] = [];
    for await (const row of this.#instances.listEntities<Record<string, unknown>>()) {
      const record = JSON.parse(await this.#large.unpack(row)) as InstanceRecord;
      if (matchesQuery(record, query)) records.push(record);
    }
    return records;
  }

  async purge(instanceId: string): Promise<boolean> {
    await this.#ensureTables();
    const pk = partitionKey(instanceId);
    await this.#cleanups.get(pk);
    await this.#deleteHistory(pk, undefined);
    await this.#large.purge(pk);
    try {
      await this.#instances.deleteEntity(pk, '');
      return true;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#cleanups.values());
  }

  /**
   * Deletes the replaced executions' history after the save that replaced them: nothing reads
   * rows of another execution, so a new run need not wait for them to go. A failed deletion
   * leaves rows the next replace of this instance deletes.
   */
  #cleanUpLater(pk: string, keep: string): void {
    const cleanup = (this.#cleanups.get(pk) ?? Promise.resolve())
      .then(() => this.#deleteHistory(pk, keep))
      .catch(() => undefined)
      .finally(() => {
        if (this.#cleanups.get(pk) === cleanup) this.#cleanups.delete(pk);
      });
    this.#cleanups.set(pk, cleanup);
  }

  /** Deletes history rows of every execution except `keep`, a transaction per 100 rows. */
  async #deleteHistory(pk: string, keep: string | undefined): Promise<void> {
    const filter = odata`PartitionKey eq ${pk}`;
    const doomed: TransactionAction[] = [];
    for await (const row of this.#history.listEntities({
      queryOptions: { filter, select: ['RowKey'] },
    })) {
      const rowKey = row.rowKey ?? '';
      if (keep !== undefined && rowKey.startsWith(`${keep}_`)) continue;
      doomed.push(['delete', { partitionKey: pk, rowKey }]);
    }
    for (let i = 0; i < doomed.length; i += MAX_TRANSACTION_ACTIONS) {
      await this.#history.submitTransaction(doomed.slice(i, i + MAX_TRANSACTION_ACTIONS));
    }
  }
}
