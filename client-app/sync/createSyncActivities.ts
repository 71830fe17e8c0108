import type { Logger } from '../../shared/logging/Logger.js';
import type { OrdersApiClient, RemoteOrder } from './createOrdersApiClient.js';
import type { SyncArchive } from './createSyncArchive.js';
import type { ListPartitionsResult } from './orchestrateSync.js';
import { OrdersApiError } from './OrdersApiError.js';
import type { PartitionResult, PartitionTask, SyncFailure, SyncSummary } from './syncTypes.js';

export interface SyncActivityDeps {
  readonly api: OrdersApiClient;
  readonly archive: SyncArchive;
  readonly pageSize: number;
  /** Classifies errors thrown while getting a token: permanent ones doom the run. */
  readonly describeTokenError: (error: unknown) => SyncFailure | undefined;
  readonly logger: Logger;
}

export interface SyncActivities {
  listPartitions(input: { runId: string }): Promise<ListPartitionsResult>;
  syncPartition(task: PartitionTask): Promise<PartitionResult>;
  writeRunReport(summary: SyncSummary): Promise<string>;
}

/**
 * The sync's I/O, one function per activity. Permanent failures come back as values (so the
 * durable retry policy does not hammer a server that said 403); transient ones are thrown after
 * the client's own retries, so the durable retry policy takes over.
 */
export function createSyncActivities(deps: SyncActivityDeps): SyncActivities {
  function permanentFailure(error: unknown): SyncFailure | undefined {
    if (
      error instanceof OrdersApiError &&
      !error.retryable &&
      error.code !== 'ORDERS_API_BAD_DATA'
    ) {
      return { code: error.code, message: error.message, fatal: error.fatal };
    }
    return deps.describeTokenError(error);
  }

  return {
    async listPartitions() {
      try {
        return { ok: true, partitions: await deps.api.listPartitions() };
      } catch (error) {
        const failure = permanentFailure(error);
        // Without the listing nothing can be synced, so any permanent failure is fatal.
        if (failure) return { ok: false, error: { ...failure, fatal: true } };
        throw error;
      }
    },

    async syncPartition({ runId, partition, since }) {
      // Keyed by id so an order seen on two pages (a store changing under paging) is kept once.
      const orders = new Map<string, RemoteOrder>();
      let pages = 0;
      let continuationToken: string | null = null;
      try {
        do {
          const page = await deps.api.getOrdersPage({
            partition,
            top: deps.pageSize,
            continuationToken,
            ...(since ? { since } : {}),
          });
          for (const order of page.items) orders.set(order.id, order);
          pages += 1;
          continuationToken = page.continuationToken;
        } while (continuationToken);
      } catch (error) {
        const failure = permanentFailure(error);
        if (!failure) throw error;
        deps.logger.warn('partition sync failed permanently', {
          runId,
          partition,
          code: failure.code,
        });
        return { name: partition, status: 'failed', orders: 0, pages, error: failure };
      }
      const blobPath = await deps.archive.writePartition(runId, partition, [...orders.values()]);
      deps.logger.info('partition synced', { runId, partition, orders: orders.size, pages });
      return { name: partition, status: 'synced', orders: orders.size, pages, blobPath };
    },

    writeRunReport(summary) {
      return deps.archive.writeReport(summary);
    },
  };
}
