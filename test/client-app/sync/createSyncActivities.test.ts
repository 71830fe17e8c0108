import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type {
  OrdersApiClient,
  OrdersPage,
  OrdersPageQuery,
  RemoteOrder,
} from '../../../client-app/sync/createOrdersApiClient.js';
import { createSyncActivities } from '../../../client-app/sync/createSyncActivities.js';
import type { SyncArchive } from '../../../client-app/sync/createSyncArchive.js';
import { OrdersApiError } from '../../../client-app/sync/OrdersApiError.js';
import { silentLogger } from '../../../shared/logging/Logger.js';

const order = (id: string, partition = 'emea'): RemoteOrder => ({ id, partition });

function pagedApi(pages: Record<string, (OrdersPage | Error)[]>, partitions: string[] = []) {
  const calls: OrdersPageQuery[] = [];
  const api: OrdersApiClient = {
    listPartitions: () => Promise.resolve(partitions),
    getOrdersPage: (query) => {
      calls.push(query);
      const next = pages[query.partition]?.shift();
      if (next === undefined) return Promise.reject(new Error('unexpected call'));
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  return { api, calls };
}

function memoryArchive(failWrites = false) {
  const blobs = new Map<string, readonly RemoteOrder[]>();
  const archive: SyncArchive = {
    writePartition: (runId, partition, orders) => {
      if (failWrites) return Promise.reject(new Error('blob service unavailable'));
      const path = `runs/${runId}/partitions/${partition}.ndjson`;
      blobs.set(path, orders);
      return Promise.resolve(path);
    },
    writeReport: (summary) => Promise.resolve(`runs/${summary.runId}/report.json`),
  };
  return { archive, blobs };
}

function activities(api: OrdersApiClient, archive: SyncArchive) {
  return createSyncActivities({
    api,
    archive,
    pageSize: 2,
    describeTokenError: (error) =>
      error instanceof Error && error.message === 'invalid_client'
        ? {
            code: 'TOKEN_INVALID_CLIENT',
            message: 'bad client secret',
            retryable: false,
            fatal: true,
          }
        : undefined,
    logger: silentLogger,
  });
}

const forbidden = () =>
  new OrdersApiError('ORDERS_API_FORBIDDEN', 'no Orders.Read assignment', {
    status: 403,
    retryable: false,
  });

describe('createSyncActivities', () => {
  describe('syncPartition', () => {
    it('follows continuation tokens and writes every order once', async () => {
      const { api, calls } = pagedApi({
        emea: [
          { items: [order('1'), order('2')], continuationToken: 't1' },
          { items: [order('2'), order('3')], continuationToken: 't2' },
          { items: [], continuationToken: null },
        ],
      });
      const { archive, blobs } = memoryArchive();
      const result = await activities(api, archive).syncPartition({
        runId: 'r1',
        partition: 'emea',
        since: '2026-01-01T00:00:00Z',
      });
      assert.deepEqual(result, {
        name: 'emea',
        status: 'synced',
        orders: 3,
        pages: 3,
        blobPath: 'runs/r1/partitions/emea.ndjson',
      });
      assert.deepEqual(
        calls.map((c) => c.continuationToken),
        [null, 't1', 't2'],
      );
      assert.ok(calls.every((c) => c.top === 2 && c.since === '2026-01-01T00:00:00Z'));
      assert.deepEqual(blobs.get('runs/r1/partitions/emea.ndjson'), [
        order('1'),
        order('2'),
        order('3'),
      ]);
    });

    const failures: [string, Error, Record<string, unknown>][] = [
      [
        'a 403 as permanent, not fatal',
        forbidden(),
        {
          code: 'ORDERS_API_FORBIDDEN',
          message: 'no Orders.Read assignment',
          retryable: false,
          fatal: false,
        },
      ],
      [
        'a refused credential as fatal',
        new Error('invalid_client'),
        {
          code: 'TOKEN_INVALID_CLIENT',
          message: 'bad client secret',
          retryable: false,
          fatal: true,
        },
      ],
      [
        'an outage after request retries as retryable',
        new OrdersApiError('ORDERS_API_UNAVAILABLE', 'answered 503', { retryable: true }),
        { code: 'ORDERS_API_UNAVAILABLE', message: 'answered 503', retryable: true, fatal: false },
      ],
      [
        'bad data as retryable',
        new OrdersApiError('ORDERS_API_BAD_DATA', 'bad shape', { retryable: false }),
        { code: 'ORDERS_API_BAD_DATA', message: 'bad shape', retryable: true, fatal: false },
      ],
      [
        'anything else as retryable',
        new Error('socket hang up'),
        { code: 'SYNC_FAILED', message: 'socket hang up', retryable: true, fatal: false },
      ],
    ];
    for (const [title, error, expected] of failures) {
      it(`reports ${title}, as a value, without writing`, async () => {
        const { api } = pagedApi({
          emea: [{ items: [order('1')], continuationToken: 't' }, error],
        });
        const { archive, blobs } = memoryArchive();
        assert.deepEqual(
          await activities(api, archive).syncPartition({ runId: 'r', partition: 'emea' }),
          { name: 'emea', status: 'failed', orders: 0, pages: 1, error: expected },
        );
        assert.equal(blobs.size, 0);
      });
    }

    it('reports a failed blob write as retryable', async () => {
      const { api } = pagedApi({ emea: [{ items: [order('1')], continuationToken: null }] });
      const result = await activities(api, memoryArchive(true).archive).syncPartition({
        runId: 'r',
        partition: 'emea',
      });
      assert.deepEqual(result.error, {
        code: 'SYNC_FAILED',
        message: 'blob service unavailable',
        retryable: true,
        fatal: false,
      });
    });
  });

  describe('listPartitions', () => {
    it("returns the server's listing", async () => {
      const { api } = pagedApi({}, ['emea', 'apac']);
      assert.deepEqual(
        await activities(api, memoryArchive().archive).listPartitions({ runId: 'r' }),
        {
          ok: true,
          partitions: ['emea', 'apac'],
        },
      );
    });

    it('reports a failure as a value', async () => {
      const api: OrdersApiClient = {
        listPartitions: () => Promise.reject(forbidden()),
        getOrdersPage: () => Promise.reject(new Error('unused')),
      };
      assert.deepEqual(
        await activities(api, memoryArchive().archive).listPartitions({ runId: 'r' }),
        {
          ok: false,
          error: {
            code: 'ORDERS_API_FORBIDDEN',
            message: 'no Orders.Read assignment',
            retryable: false,
            fatal: false,
          },
        },
      );
    });
  });
});
