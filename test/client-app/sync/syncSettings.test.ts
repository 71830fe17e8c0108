import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DEFAULT_SYNC_SCHEDULE, readSyncSettings } from '../../../client-app/sync/syncSettings.js';
import { ConfigurationError } from '../../../shared/config/ConfigurationError.js';

describe('readSyncSettings', () => {
  it('applies documented defaults', () => {
    assert.deepEqual(readSyncSettings({ ORDERS_API_BASE_URL: 'http://127.0.0.1:7072/' }), {
      apiBaseUrl: 'http://127.0.0.1:7072',
      maxParallel: 8,
      partitions: [],
      pageSize: 500,
      requestTimeoutMs: 10_000,
      retryBudgetMs: 60_000,
      container: 'orders-sync',
      activityRetry: { firstRetryIntervalMs: 15_000, maxAttempts: 3 },
      chunk: { pages: 50, seconds: 120 },
      overlapMs: 120_000,
      timerSchedule: DEFAULT_SYNC_SCHEDULE,
    });
  });

  it('reads every setting and refers the timer to ORDERS_SYNC_SCHEDULE when set', () => {
    assert.deepEqual(
      readSyncSettings({
        ORDERS_API_BASE_URL: 'https://orders-api.example.net',
        ORDERS_SYNC_SCHEDULE: '0 */5 * * * *',
        ORDERS_SYNC_MAX_PARALLEL: '3',
        ORDERS_SYNC_PARTITIONS: 'emea, apac',
        ORDERS_SYNC_PAGE_SIZE: '100',
        ORDERS_API_TIMEOUT_MS: '2000',
        ORDERS_API_RETRY_BUDGET_MS: '9000',
        ORDERS_SYNC_CONTAINER: 'sync-data',
        ORDERS_SYNC_RETRY_FIRST_INTERVAL_MS: '500',
        ORDERS_SYNC_ATTEMPTS: '2',
        ORDERS_SYNC_CHUNK_PAGES: '4',
        ORDERS_SYNC_CHUNK_SECONDS: '30',
        ORDERS_SYNC_OVERLAP_MS: '5000',
      }),
      {
        apiBaseUrl: 'https://orders-api.example.net',
        maxParallel: 3,
        partitions: ['emea', 'apac'],
        pageSize: 100,
        requestTimeoutMs: 2000,
        retryBudgetMs: 9000,
        container: 'sync-data',
        activityRetry: { firstRetryIntervalMs: 500, maxAttempts: 2 },
        chunk: { pages: 4, seconds: 30 },
        overlapMs: 5000,
        timerSchedule: '%ORDERS_SYNC_SCHEDULE%',
      },
    );
  });

  it('names every missing or malformed setting at once', () => {
    assert.throws(
      () =>
        readSyncSettings({
          ORDERS_SYNC_MAX_PARALLEL: '0',
          ORDERS_SYNC_PARTITIONS: 'EMEA',
          ORDERS_SYNC_CONTAINER: 'No_Such',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigurationError);
        assert.deepEqual(
          error.problems.map((p) => p.setting),
          [
            'ORDERS_API_BASE_URL',
            'ORDERS_SYNC_MAX_PARALLEL',
            'ORDERS_SYNC_PARTITIONS',
            'ORDERS_SYNC_CONTAINER',
          ],
        );
        assert.match(error.message, /ORDERS_API_BASE_URL: required: the Orders API base URL/);
        assert.match(error.message, /ORDERS_SYNC_MAX_PARALLEL: must be .*an integer from 1 to 64/);
        return true;
      },
    );
  });

  it('refuses a cleartext ORDERS_API_BASE_URL to a host that is not loopback, naming the setting', () => {
    for (const url of [
      'http://orders-api.example.net',
      'http://10.0.0.4:7072',
      'http://128.0.0.1',
      'http://127.0.0.1.example.net',
      'http://localhost.example.net',
    ]) {
      assert.throws(
        () => readSyncSettings({ ORDERS_API_BASE_URL: url }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigurationError);
          assert.deepEqual(error.problems, [
            {
              setting: 'ORDERS_API_BASE_URL',
              problem:
                'must use https: the bearer token would travel in cleartext (http is allowed only for a loopback host: 127.0.0.0/8, ::1, localhost)',
            },
          ]);
          return true;
        },
        url,
      );
    }
  });

  it('accepts https anywhere and http on loopback: 127.0.0.0/8, ::1, localhost', () => {
    for (const url of [
      'https://orders-api.example.net',
      'http://127.0.0.1:7072',
      'http://127.45.6.7',
      'http://[::1]:7072',
      'http://localhost:7072',
      'http://LOCALHOST',
    ]) {
      assert.equal(readSyncSettings({ ORDERS_API_BASE_URL: url }).apiBaseUrl, url, url);
    }
  });
});
