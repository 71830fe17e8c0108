import { odata, RestError, type TableEntity, type TableEntityResult } from '@azure/data-tables';

import type { StorageClients } from './StorageClients.js';

/** What a table input binding asks for, its expressions already filled in. */
export interface TableQuery {
  readonly tableName: string;
  readonly partitionKey?: string;
  readonly rowKey?: string;
  /** An OData filter, combined with the partition key when both are given. */
  readonly filter?: string;
  readonly take?: number;
}

type Entity = Record<string, unknown>;

/**
 * Reads a table input: one entity (or null) when `rowKey` is given, else the entities matching
 * the partition key and filter, at most `take`. Entities come as the host hands them to Node:
 * `PartitionKey`, `RowKey`, `Timestamp` and the properties.
 */
export async function readTable(
  clients: StorageClients,
  connectionString: string,
  query: TableQuery,
): Promise<Entity | Entity[] | null> {
  const table = clients.table(connectionString, query.tableName);
  if (query.partitionKey !== undefined && query.rowKey !== undefined) {
    try {
      return fromSdkEntity(await table.getEntity<Entity>(query.partitionKey, query.rowKey));
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return null;
      throw error;
    }
  }
  const filters = [
    ...(query.partitionKey === undefined ? [] : [odata`PartitionKey eq ${query.partitionKey}`]),
    ...(query.filter ? [`(${query.filter})`] : []),
  ];
  const entities: Entity[] = [];
  try {
    const pages = table.listEntities<Entity>({
      ...(filters.length > 0 && { queryOptions: { filter: filters.join(' and ') } }),
    });
    for await (const entity of pages) {
      entities.push(fromSdkEntity(entity));
      if (query.take !== undefined && entities.length >= query.take) break;
    }
  } catch (error) {
    // A table that does not exist yet holds no entities.
    if (error instanceof RestError && error.statusCode === 404) return [];
    throw error;
  }
  return entities;
}

/**
 * Writes a table output: each entity (one or an array) is added, as the host's table output
 * only creates entities (an existing one fails the invocation). The binding's `partitionKey`
 * and `rowKey` fill keys the entity lacks. The table is created when missing.
 */
export async function writeTable(
  clients: StorageClients,
  connectionString: string,
  target: { readonly tableName: string; readonly partitionKey?: string; readonly rowKey?: string },
  value: unknown,
): Promise<void> {
  const table = clients.table(connectionString, target.tableName);
  await clients.ensure(`table:${connectionString}:${target.tableName}`, () => table.createTable());
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  for (const item of items) {
    await table.createEntity(toSdkEntity(item, target));
  }
}

/** Keys the service sets; a handler's copies of them are not written back. */
const SERVICE_KEYS = new Set(['timestamp', 'etag', 'odata.metadata', 'odata.etag']);
const KEY_NAMES = new Set(['partitionkey', 'rowkey']);

function fromSdkEntity(entity: TableEntityResult<Entity>): Entity {
  const properties = Object.fromEntries(
    Object.entries(entity).filter(
      ([key]) => !SERVICE_KEYS.has(key.toLowerCase()) && !KEY_NAMES.has(key.toLowerCase()),
    ),
  );
  return {
    PartitionKey: entity.partitionKey,
    RowKey: entity.rowKey,
    Timestamp: entity.timestamp,
    ...properties,
  };
}

function toSdkEntity(
  item: unknown,
  target: { readonly partitionKey?: string; readonly rowKey?: string },
): TableEntity<Entity> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new TypeError('A table output value must be an entity object (or an array of them).');
  }
  const entity = item as Entity;
  const pk = entity.PartitionKey ?? entity.partitionKey ?? target.partitionKey;
  const rk = entity.RowKey ?? entity.rowKey ?? target.rowKey;
  if (typeof pk !== 'string' || typeof rk !== 'string') {
    throw new TypeError(
      'A table output entity needs string PartitionKey and RowKey (or the binding must give partitionKey and rowKey).',
    );
  }
  const properties = Object.fromEntries(
    Object.entries(entity).filter(
      ([key]) => !SERVICE_KEYS.has(key.toLowerCase()) && !KEY_NAMES.has(key.toLowerCase()),
    ),
  );
  return { ...properties, partitionKey: pk, rowKey: rk };
}
