import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type {
  OrdersApiClient,
  OrdersPage,
  OrdersPageQuery,
  RemoteOrder,
} from '../../../client-app/sync/createOrdersApiClient.js';
import { createSyncActivities } from '../../../client-app/sync/createSyncActivities.js';
import { OrdersApiError } from '../../../client-app/sync/OrdersApiError.js';
import { TokenAcquisitionError } from '../../../client-app/tokens/TokenAcquisitionError.js';
import { createMemorySyncStateStore } from '../../../client-app/sync/state/createMemorySyncStateStore.js';
import type { PartitionSyncState } from '../../../client-app/sync/state/partitionSyncState.js';
import type { PartitionTask } from '../../../client-app/sync/syncTypes.js';
import { silentLogger } from '../../../shared/logging/Logger.js';
import { createMemorySyncArchive, idsIn } from './support/memorySyncArchive.js';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const W0 = '2026-12-01T10:00:00.000Z';
const OVERLAP_MS = 60_000;

const order = (
  id: string,
  updatedAt = '2026-11-01T00:00:00.000Z',
  partition = 'emea',
): RemoteOrder => ({
  id,
  partition,
  updatedAt,
});
const page = (items: RemoteOrder[], next: string | null, watermark?: string): OrdersPage => ({
  items,
  continuationToken: next,
  ...(next === null ? { watermark: watermark ?? W0 } : {}),
});

/** A scripted Orders API: pages served by continuation token, failures injectable per call. */
function scriptedApi(pages: Record<string, OrdersPage>, partitions: string[] = []) {
  const calls: OrdersPageQuery[] = [];
  const failOnCall = new Map<number, Error>();
  const api: OrdersApiClient = {
    listPartitions: () => Promise.resolve(partitions),
    getOrdersPage: (query) => {
      calls.push(query);
      const failure = failOnCall.get(calls.length);
      if (failure) return Promise.reject(failure);
      const served = pages[query.continuationToken ?? 'first'];
      return served ? Promise.resolve(served) : Promise.reject(new Error('unexpected page'));
    },
  };
  return { api, calls, failOnCall };
}

function setup(
  api: OrdersApiClient,
  chunkPages = 2,
  env = { archive: createMemorySyncArchive(), state: createMemorySyncStateStore() },
  now = NOW,
) {
  const { archive, state } = env;
  const activities = createSyncActivities({
    api,
    archive,
    state,
    pageSize: 2,
    chunk: { pages: chunkPages, seconds: 600 },
    overlapMs: OVERLAP_MS,
    now: () => now,
    logger: silentLogger,
  });
  const stored = () => {
    const text = state.texts.get('emea');
    return text === undefined ? undefined : (JSON.parse(text) as PartitionSyncState);
  };
  return { archive, state, activities, stored };
}

const task = (mode: PartitionTask['mode'] = 'incremental', runId = 'r1'): PartitionTask => ({
  runId,
  partition: 'emea',
  mode,
});

/** Runs chunk after chunk, as the partition's sub-orchestration does. */
async function runToEnd(activities: ReturnType<typeof setup>['activities'], t: PartitionTask) {
  for (let i = 0; i < 100; i++) {
    const outcome = await activities.syncChunk(t);
    if (outcome.status !== 'more') return outcome;
  }
  throw new Error('the read never finished');
}

const threePages = {
  first: page([order('1'), order('2')], 't1'),
  t1: page([order('3'), order('4')], 't2'),
  t2: page([order('5')], null, W0),
};

describe('syncChunk', () => {
  it('reads at most a chunk of pages per step, then commits the blob once and stores the watermark', async () => {
    const { api, calls } = scriptedApi(threePages);
    const { activities, archive, stored } = setup(api);
    assert.deepEqual(await activities.syncChunk(task()), {
      status: 'more',
      orders: 4,
      pages: 2,
      chunks: 1,
    });
    assert.equal(archive.blobs.size, 0, 'nothing is visible before the commit');
    assert.deepEqual(await activities.syncChunk(task()), {
      name: 'emea',
      status: 'synced',
      mode: 'full',
      fullBecause: 'first sync of this partition',
      orders: 5,
      pages: 3,
      chunks: 2,
      watermarkBefore: null,
      watermarkAfter: W0,
      blobPath: 'runs/r1/partitions/emea.ndjson',
    });
    assert.deepEqual(
      calls.map((c) => c.continuationToken),
      [null, 't1', 't2'],
    );
    assert.ok(
      calls.every((c) => c.since === undefined && c.top === 2),
      'a first sync reads in full',
    );
    assert.deepEqual(idsIn(archive.blobs.get('runs/r1/partitions/emea.ndjson')), [
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    assert.equal(archive.commits.get('runs/r1/partitions/emea.ndjson'), 1);
    assert.equal(stored()?.watermark, W0);
  });

  it('a re-delivered final step reports the same outcome without reading or committing again', async () => {
    const { api, calls } = scriptedApi(threePages);
    const { activities, archive } = setup(api, 10);
    const first = await activities.syncChunk(task());
    const again = await activities.syncChunk(task());
    assert.deepEqual(again, first);
    assert.equal(calls.length, 3);
    assert.equal(archive.commits.get('runs/r1/partitions/emea.ndjson'), 1);
  });

  it('after a failure mid-chunk, the next attempt refetches only the unfinished chunk', async () => {
    const { api, calls, failOnCall } = scriptedApi(threePages);
    const { activities, archive, stored } = setup(api);
    await activities.syncChunk(task());
    failOnCall.set(3, new OrdersApiError('ORDERS_API_UNAVAILABLE', 'answered 503'));
    const failed = await activities.syncChunk(task());
    assert.equal(failed.status, 'failed');
    assert.equal(stored()?.watermark, null, 'no watermark before the commit');
    const outcome = await runToEnd(activities, task());
    assert.equal(outcome.status, 'synced');
    assert.deepEqual(
      calls.map((c) => c.continuationToken),
      [null, 't1', 't2', 't2'],
    );
    assert.deepEqual(idsIn(archive.blobs.get('runs/r1/partitions/emea.ndjson')), [
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it('an incremental run reads from the watermark less the overlap and drops what the last run read there', async () => {
    const before = scriptedApi({
      first: page([order('1', '2026-12-01T09:59:30.000Z'), order('2', W0)], null, W0),
    });
    // The full read began on the server at W0, a second after the client's clock said so.
    const env = setup(before.api, 10, undefined, Date.parse(W0) - 1000);
    await runToEnd(env.activities, task('full', 'r0'));

    const later = '2026-12-01T11:00:00.000Z';
    const after = scriptedApi({
      // The overlap re-read returns the two orders already read, one late commit, one change.
      first: page(
        [
          order('1', '2026-12-01T09:59:30.000Z'),
          order('9', '2026-12-01T09:59:45.000Z'),
          order('2', W0),
          order('3', later),
        ],
        null,
        later,
      ),
    });
    const run = setup(after.api, 10, env).activities;
    const outcome = await runToEnd(run, task('incremental', 'r1'));
    assert.equal(after.calls[0]?.since, '2026-12-01T09:59:00.000Z');
    assert.deepEqual(
      {
        mode: outcome.mode,
        orders: outcome.orders,
        before: outcome.watermarkBefore,
        after: outcome.watermarkAfter,
      },
      { mode: 'incremental', orders: 2, before: W0, after: later },
    );
    assert.deepEqual(idsIn(env.archive.blobs.get('runs/r1/partitions/emea.ndjson')), ['9', '3']);

    // Nothing changed since: one request, nothing written, the watermark stays.
    const unchanged = scriptedApi({ first: page([order('3', later)], null, later) });
    const quiet = setup(unchanged.api, 10, env).activities;
    const idle = await runToEnd(quiet, task('incremental', 'r2'));
    assert.equal(unchanged.calls.length, 1);
    assert.deepEqual([idle.orders, idle.watermarkAfter], [0, later]);
  });

  const untrusted: [string, (s: Map<string, string>) => void, string][] = [
    [
      'unreadable state',
      (texts) => texts.set('emea', '{"version":1,'),
      'the sync state is not JSON; read in full',
    ],
    [
      'a watermark in the future',
      (texts) =>
        texts.set(
          'emea',
          JSON.stringify({
            version: 1,
            partition: 'emea',
            watermark: '2027-06-01T00:00:00.000Z',
            recent: [],
            lastRunId: 'x',
            run: null,
          }),
        ),
      'the stored watermark 2027-06-01T00:00:00.000Z is in the future; read in full',
    ],
    [
      'a watermark that is not an instant',
      (texts) =>
        texts.set(
          'emea',
          JSON.stringify({
            version: 1,
            partition: 'emea',
            watermark: 'yesterday',
            recent: [],
            lastRunId: 'x',
            run: null,
          }),
        ),
      'the sync state has a bad watermark; read in full',
    ],
  ];
  for (const [title, corrupt, because] of untrusted) {
    it(`reads in full and says why, given ${title}`, async () => {
      const { api, calls } = scriptedApi({ first: page([order('1')], null, W0) });
      const { activities, state, stored } = setup(api);
      corrupt(state.texts);
      const outcome = await runToEnd(activities, task());
      assert.equal(calls[0]?.since, undefined);
      assert.deepEqual(
        [outcome.status, outcome.mode, outcome.fullBecause],
        ['synced', 'full', because],
      );
      assert.equal(stored()?.watermark, W0);
    });
  }

  it('a "since" run reads from that instant and leaves the stored watermark alone', async () => {
    const { api, calls } = scriptedApi({
      first: page([order('1')], null, '2026-12-01T11:59:00.000Z'),
    });
    const { activities, stored } = setup(api);
    const outcome = await runToEnd(activities, { ...task('since'), since: '2026-11-30T00:00:00Z' });
    assert.equal(calls[0]?.since, '2026-11-30T00:00:00Z');
    assert.deepEqual([outcome.mode, outcome.watermarkAfter], ['since', null]);
    assert.equal(stored()?.watermark, null);
  });

  it('a failed blob commit leaves the watermark where it was; the retry commits and advances it', async () => {
    const { api, calls } = scriptedApi({ first: page([order('1')], null, W0) });
    const { activities, archive, stored } = setup(api);
    archive.failCommits = true;
    const failed = await runToEnd(activities, task());
    assert.deepEqual([failed.status, failed.error?.retryable], ['failed', true]);
    assert.equal(stored()?.watermark, null);
    archive.failCommits = false;
    const outcome = await runToEnd(activities, task());
    assert.equal(outcome.status, 'synced');
    assert.equal(stored()?.watermark, W0);
    assert.equal(calls.length, 1, 'the pages were not fetched again');
  });

  const failures: [string, Error, Record<string, unknown>][] = [
    [
      'a 403 as permanent, not fatal',
      new OrdersApiError('ORDERS_API_FORBIDDEN', 'no Orders.Read assignment', { status: 403 }),
      {
        code: 'ORDERS_API_FORBIDDEN',
        message: 'no Orders.Read assignment',
        retryable: false,
        fatal: false,
      },
    ],
    [
      'a refused credential as fatal, naming the setting',
      new TokenAcquisitionError('ERR_TOKEN_CLIENT_SECRET', 'bad client secret', { status: 401 }),
      {
        code: 'ERR_TOKEN_CLIENT_SECRET',
        message: 'bad client secret',
        retryable: false,
        fatal: true,
        settingToCheck: { app: 'client', name: 'AZURE_CLIENT_SECRET' },
      },
    ],
    [
      'a refused connection as retryable, naming the setting',
      new OrdersApiError('ORDERS_API_CONNECTION_REFUSED', 'connection refused at http://x'),
      {
        code: 'ORDERS_API_CONNECTION_REFUSED',
        message: 'connection refused at http://x',
        retryable: true,
        fatal: false,
        settingToCheck: { app: 'client', name: 'ORDERS_API_BASE_URL' },
      },
    ],
    [
      'an outage after request retries as retryable',
      new OrdersApiError('ORDERS_API_UNAVAILABLE', 'answered 503'),
      { code: 'ORDERS_API_UNAVAILABLE', message: 'answered 503', retryable: true, fatal: false },
    ],
    [
      'bad data as retryable',
      new OrdersApiError('ORDERS_API_BAD_DATA', 'bad shape'),
      { code: 'ORDERS_API_BAD_DATA', message: 'bad shape', retryable: true, fatal: false },
    ],
    [
      'anything else as retryable',
      new Error('socket hang up'),
      { code: 'SYNC_FAILED', message: 'socket hang up', retryable: true, fatal: false },
    ],
  ];
  for (const [title, error, expected] of failures) {
    it(`reports ${title}, as a value, without committing`, async () => {
      const { api, failOnCall } = scriptedApi(threePages);
      failOnCall.set(2, error);
      const { activities, archive } = setup(api, 10);
      assert.deepEqual(await activities.syncChunk(task()), {
        name: 'emea',
        status: 'failed',
        mode: 'full',
        orders: 0,
        pages: 0,
        chunks: 0,
        error: expected,
      });
      assert.equal(archive.blobs.size, 0);
    });
  }
});

describe('listPartitions', () => {
  it("returns the server's listing", async () => {
    const { api } = scriptedApi({}, ['emea', 'apac']);
    assert.deepEqual(await setup(api).activities.listPartitions({ runId: 'r' }), {
      ok: true,
      partitions: ['emea', 'apac'],
    });
  });

  it('reports a failure as a value', async () => {
    const api: OrdersApiClient = {
      listPartitions: () =>
        Promise.reject(
          new OrdersApiError('ORDERS_API_FORBIDDEN', 'no Orders.Read assignment', { status: 403 }),
        ),
      getOrdersPage: () => Promise.reject(new Error('unused')),
    };
    assert.deepEqual(await setup(api).activities.listPartitions({ runId: 'r' }), {
      ok: false,
      error: {
        code: 'ORDERS_API_FORBIDDEN',
        message: 'no Orders.Read assignment',
        retryable: false,
        fatal: false,
      },
    });
  });
});
