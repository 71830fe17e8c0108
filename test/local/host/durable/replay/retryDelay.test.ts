import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { retryDelay } from '../../../../../local/host/durable/replay/retryDelay.js';

describe('retryDelay', () => {
  const policy = { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 5 };

  it('waits the first interval when there is no backoff', () => {
    assert.deepEqual(
      [1, 2, 3].map((n) => retryDelay(policy, n, 0, 0)),
      [1000, 1000, 1000],
    );
  });

  it('multiplies by the backoff coefficient per failed attempt', () => {
    const backoff = { ...policy, backoffCoefficient: 2 };
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelay(backoff, n, 0, 0)),
      [1000, 2000, 4000, 8000],
    );
  });

  it('caps by the maximum retry interval', () => {
    const capped = { ...policy, backoffCoefficient: 10, maxRetryIntervalInMilliseconds: 5000 };
    assert.equal(retryDelay(capped, 3, 0, 0), 5000);
  });

  // Azure/durabletask src/DurableTask.Core/RetryInterceptor.cs, ComputeNextDelay: the delay is
  // computed only while CurrentUtcDateTime < firstAttempt + RetryTimeout, and it is not shortened.
  it('waits the full delay while the retry timeout has not run out, and gives up once it has', () => {
    const timed = { ...policy, retryTimeoutInMilliseconds: 3000 };
    assert.equal(retryDelay(timed, 1, 0, 2500), 1000);
    assert.equal(retryDelay(timed, 1, 0, 2999), 1000);
    assert.equal(retryDelay(timed, 1, 0, 3000), undefined);
  });
});
