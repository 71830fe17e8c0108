import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AuthFailure } from '../../../server-app/auth/AuthFailure.js';
import { RefreshableValue } from '../../../server-app/auth/RefreshableValue.js';

/** A value whose loads the test scripts: each call takes the next outcome. */
function scripted(outcomes: (number | Error)[]) {
  const clock = { ms: 0 };
  let loads = 0;
  const value = new RefreshableValue<number>({
    description: 'test document',
    failureCode: 'ERR_KEYS_UNAVAILABLE',
    load: () => {
      const outcome = outcomes[loads++];
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome ?? -1);
    },
    now: () => clock.ms,
    failureBackoffMs: 10_000,
  });
  return { value, clock, loads: () => loads };
}

const unavailable = (retryAfterSeconds: number) => (error: unknown) =>
  error instanceof AuthFailure &&
  error.code === 'ERR_KEYS_UNAVAILABLE' &&
  error.message === 'test document unavailable: HTTP 500' &&
  error.retryAfterSeconds === retryAfterSeconds;

describe('RefreshableValue', () => {
  it('loads once for concurrent callers and keeps the value for maxAge', async () => {
    const { value, clock, loads } = scripted([1, 2]);
    assert.deepEqual(await Promise.all([value.get(100, true), value.get(100, true)]), [1, 1]);
    clock.ms = 99;
    assert.equal(await value.get(100, true), 1);
    assert.equal(loads(), 1);
    clock.ms = 100;
    assert.equal(await value.get(100, true), 2);
    assert.equal(loads(), 2);
  });

  it('fails with the code and Retry-After, and does not retry within the backoff', async () => {
    const { value, clock, loads } = scripted([new Error('HTTP 500'), 3]);
    await assert.rejects(value.get(100, true), unavailable(10));
    clock.ms = 2_500;
    await assert.rejects(value.get(100, true), unavailable(8));
    assert.equal(loads(), 1);
    clock.ms = 10_000;
    assert.equal(await value.get(100, true), 3);
  });

  it('serves the stale value while refreshes fail, only when asked to', async () => {
    const { value, clock, loads } = scripted([1, new Error('HTTP 500')]);
    assert.equal(await value.get(100, true), 1);
    clock.ms = 200;
    assert.equal(await value.get(100, true), 1);
    assert.equal(await value.get(100, true), 1);
    await assert.rejects(value.get(100, false), unavailable(10));
    assert.equal(loads(), 2);
  });
});
