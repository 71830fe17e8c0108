import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MAX_RETRY_INTERVAL_MS, retryDelayMs } from '../../../client-app/sync/retryDelay.js';

describe('retryDelayMs', () => {
  it('doubles from the first interval and caps at five minutes', () => {
    const retry = { firstRetryIntervalMs: 15_000, maxAttempts: 6 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(retry, attempt)),
      [15_000, 30_000, 60_000, 120_000, 240_000, MAX_RETRY_INTERVAL_MS],
    );
    assert.equal(MAX_RETRY_INTERVAL_MS, 300_000);
  });
});
