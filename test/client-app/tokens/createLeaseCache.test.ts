import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  createLeaseCache,
  type AcquiredToken,
  type AcquireToken,
} from '../../../client-app/tokens/createLeaseCache.js';
import { TokenAcquisitionError } from '../../../client-app/tokens/TokenAcquisitionError.js';
import { captureLogger } from './captureLogger.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

/** An acquire function whose calls the test resolves or rejects by hand. */
function manualAcquire() {
  const calls: {
    forceRefresh: boolean;
    resolve: (token: AcquiredToken) => void;
    reject: (error: unknown) => void;
  }[] = [];
  const acquire: AcquireToken = ({ forceRefresh }) =>
    new Promise((resolve, reject) => calls.push({ forceRefresh, resolve, reject }));
  return { acquire, calls };
}

const token = (n: number, expiresOn: number, refreshOn?: number): AcquiredToken => ({
  token: `token-${n}`,
  expiresOn,
  ...(refreshOn === undefined ? {} : { refreshOn }),
  fromCache: false,
});

describe('createLeaseCache', () => {
  it('shares one acquisition among concurrent cold callers', async () => {
    const { acquire, calls } = manualAcquire();
    const get = createLeaseCache({
      acquire,
      logger: captureLogger(),
      logContext: {},
      now: () => T0,
    });
    const pending = Promise.all([get(), get(), get()]);
    assert.equal(calls.length, 1);
    calls[0]?.resolve(token(1, T0 + HOUR));
    const leases = await pending;
    assert.equal(new Set(leases).size, 1);
    assert.deepEqual(
      [
        leases[0]?.bearerHeader(),
        leases[0]?.expiresOn,
        leases[0]?.refreshAt,
        calls[0]?.forceRefresh,
      ],
      ['Bearer token-1', T0 + HOUR, T0 + HOUR - 300_000, false],
    );
  });

  it('hands out the current lease in its refresh window while one background refresh runs', async () => {
    let now = T0;
    const { acquire, calls } = manualAcquire();
    const get = createLeaseCache({
      acquire,
      logger: captureLogger(),
      logContext: {},
      now: () => now,
    });
    const first = get();
    calls[0]?.resolve(token(1, T0 + HOUR));
    const lease1 = await first;
    now = lease1.refreshAt + 1;
    assert.equal(await get(), lease1);
    assert.equal(await get(), lease1);
    assert.equal(calls.length, 2);
    assert.equal(calls[1]?.forceRefresh, true);
    calls[1]?.resolve(token(2, now + HOUR));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await get()).bearerHeader(), 'Bearer token-2');
  });

  it('logs a failed background refresh once, retries it after 30 s, and fails once the lease is unusable', async () => {
    let now = T0;
    const logger = captureLogger();
    const { acquire, calls } = manualAcquire();
    const get = createLeaseCache({ acquire, logger, logContext: { mode: 'test' }, now: () => now });
    const first = get();
    calls[0]?.resolve(token(1, T0 + HOUR));
    const lease1 = await first;
    now = lease1.refreshAt;
    assert.equal(await get(), lease1);
    const failure = new TokenAcquisitionError('ERR_TOKEN_UNAVAILABLE', 'down');
    calls[1]?.reject(failure);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(logger.lines.slice(1), [
      'error access token acquisition failed {"mode":"test","code":"ERR_TOKEN_UNAVAILABLE"}',
      `warn background token refresh failed; the current token is still valid {"mode":"test","code":"ERR_TOKEN_UNAVAILABLE","expiresOn":"${new Date(T0 + HOUR).toISOString()}"}`,
    ]);
    now += 29_000;
    assert.equal(await get(), lease1);
    assert.equal(calls.length, 2, 'no new attempt within 30 s of a failed background refresh');
    now += 1_000;
    assert.equal(await get(), lease1);
    assert.equal(calls.length, 3);
    calls[2]?.reject(failure);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(logger.lines.filter((line) => line.startsWith('warn')).length, 2);
    now = T0 + HOUR - 59_000;
    const last = get();
    calls[3]?.reject(failure);
    await assert.rejects(last, failure);
  });

  it('refreshes at the SDK refresh point or at half-life for short tokens', async () => {
    const { acquire, calls } = manualAcquire();
    const get = createLeaseCache({
      acquire,
      logger: captureLogger(),
      logContext: {},
      now: () => T0,
    });
    const a = get();
    calls[0]?.resolve(token(1, T0 + 24 * HOUR, T0 + 12 * HOUR));
    assert.equal((await a).refreshAt, T0 + 12 * HOUR);

    const short = manualAcquire();
    const getShort = createLeaseCache({
      acquire: short.acquire,
      logger: captureLogger(),
      logContext: {},
      now: () => T0,
    });
    const b = getShort();
    short.calls[0]?.resolve(token(2, T0 + 8 * 60_000));
    assert.equal((await b).refreshAt, T0 + 4 * 60_000);
  });

  it('gives up after the deadline with a retryable ERR_TOKEN_TIMEOUT', async () => {
    const { acquire } = manualAcquire();
    const get = createLeaseCache({
      acquire,
      logger: captureLogger(),
      logContext: {},
      deadlineMs: 20,
    });
    await assert.rejects(get(), {
      name: 'TokenAcquisitionError',
      code: 'ERR_TOKEN_TIMEOUT',
      retryable: true,
      message:
        'No token within 20 ms: the identity endpoint is slow or unreachable; try again later.',
    });
  });
});
