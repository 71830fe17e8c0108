import type { DurableInstances } from '../DurableInstances.js';
import { TERMINAL_STATUSES } from '../RuntimeHooks.js';
import type { InstanceQuery, RuntimeStatus } from '../store/InstanceStore.js';
import { empty, json } from './responses.js';

/**
 * DELETE /instances/{id} (HttpApiHandler.HandleDeleteHistoryByIdRequestAsync): 404 only when the
 * instance is unknown; otherwise the provider purges it whatever its status (the Azure Storage
 * tracking store's PurgeInstanceHistoryAsync(instanceId) deletes a running instance too) → 200.
 */
export async function purgeById(runtime: DurableInstances, id: string): Promise<Response> {
  if (!(await runtime.getInstance(id))) return empty(404);
  const deleted = (await runtime.purge(id)) ? 1 : 0;
  return json(200, { instancesDeleted: deleted });
}

/**
 * The statuses a filtered purge deletes: the Azure Storage tracking store keeps only the terminal
 * ones of those asked for, and an empty list filters nothing (OrchestrationInstanceStatusQuery-
 * Condition.ToOData adds no status condition), so running instances go too.
 */
export function purgeStatuses(asked: readonly RuntimeStatus[] | undefined): RuntimeStatus[] {
  return (asked ?? []).filter((s) => TERMINAL_STATUSES.includes(s));
}

/**
 * DELETE /instances (HandleDeleteHistoryWithFiltersRequestAsync): 400 without `createdTimeFrom`
 * (the extension's body is that JSON string), 404 when nothing was deleted, else 200.
 */
export async function purgeByFilter(
  runtime: DurableInstances,
  query: InstanceQuery,
): Promise<Response> {
  if (query.createdTimeFrom === undefined) {
    return json(400, "Please provide value for 'createdTimeFrom' parameter.");
  }
  const statuses = purgeStatuses(query.statuses);
  const deleted = await runtime.purgeWhere({
    createdTimeFrom: query.createdTimeFrom,
    // createdTimeTo defaults to now there (DateTime.UtcNow).
    createdTimeTo: query.createdTimeTo ?? runtime.clock.now(),
    statuses,
  });
  return deleted === 0 ? empty(404) : json(200, { instancesDeleted: deleted });
}
