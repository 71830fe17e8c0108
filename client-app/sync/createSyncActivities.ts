import type { Logger } from '../../shared/logging/Logger.js';
import type { OrdersApiClient, RemoteOrder } from './createOrdersApiClient.js';
import type { SyncArchive } from './createSyncArchive.js';
import type { ListPartitionsResult } from './orchestrateSync.js';
import { OrdersApiError } from './OrdersApiError.js';
import type { PartitionOutcome, PartitionTask, SyncFailure, SyncSummary } from './syncTypes.js';

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
  syncPartition(task: PartitionTask): Promise<PartitionOutcome>;
  writeRunReport(summary: SyncSummary): Promise<string>;
}

/**
 * The sync's I/O, one function per activity. Every failure comes back as a value saying whether
 * a later attempt may help (`retryable`) or the whole run is doomed (`fatal`); the orchestrator
 * decides about durable retries, so a server that said 403 is never hammered.
 */
export function createSyncActivities(deps: SyncActivityDeps): SyncActivities {
  function describeFailure(error: unknown): SyncFailure {
    if (error instanceof OrdersApiError) {
      return {
        code: error.code,
        message: error.message,
        // Bad data may be a passing fault on the server: worth another attempt later.
        retryable: error.retryable || error.code === 'ORDERS_API_BAD_DATA',
        fatal: error.fatal,
      };
    }
    const tokenFailure = deps.describeTokenError(error);
    if (tokenFailure) return tokenFailure;
    const text = error instanceof Error ? error.message : String(error);
    return {
      code: 'SYNC_FAILED',
      message: text.length > 500 ? `${text.slice(0, 497)}...` : text,
      retryable: true,
      fatal: false,
    };
  }

  return {
    async listPartitions({ runId }) {
      try {
        return { ok: true, partitions: await deps.api.listPartitions() };
      } catch (error) {
        const failure = describeFailure(error);
        deps.logger.warn('listing partitions failed', { runId, code: failure.code });
        return { ok: false, error: failure };
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
        const blobPath = await deps.archive.writePartition(runId, partition, [...orders.values()]);
        deps.logger.info('partition synced', { runId, partition, orders: orders.size, pages });
        return { name: partition, status: 'synced', orders: orders.size, pages, blobPath };
      } catch (error) {
        const failure = describeFailure(error);
        deps.logger.warn('partition sync failed', {
          runId,
          partition,
          code: failure.code,
          retryable: failure.retryable,
        });
        return { name: partition, status: 'failed', orders: 0, pages, error: failure };
      }
    },

    writeRunReport(summary) {
      return deps.archive.writeReport(summary);
    },
  };
}
