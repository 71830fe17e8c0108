import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  SYNC_FAILURES,
  isFatal,
  isRetriedInPlace,
  isRetryable,
  toSyncFailure,
  type SyncFailureCode,
} from '../../../client-app/sync/syncFailures.js';

const codes = Object.keys(SYNC_FAILURES) as SyncFailureCode[];

describe('SYNC_FAILURES', () => {
  it('never marks a failure both fatal and retryable', () => {
    for (const code of codes) {
      assert.ok(!(isFatal(code) && isRetryable(code)), code);
    }
  });

  it('retries in place only what may pass (outages), never configuration', () => {
    assert.deepEqual(
      codes.filter(isRetriedInPlace).sort(),
      [
        'ERR_TOKEN_AUTHORITY',
        'ERR_TOKEN_AUTHORITY_UNREACHABLE',
        'ERR_TOKEN_TIMEOUT',
        'ERR_TOKEN_UNAVAILABLE',
        'ORDERS_API_BAD_RESPONSE',
        'ORDERS_API_CONNECTION_REFUSED',
        'ORDERS_API_HOST_NOT_FOUND',
        'ORDERS_API_ISSUER_UNAVAILABLE',
        'ORDERS_API_TIMEOUT',
        'ORDERS_API_UNAVAILABLE',
        'ORDERS_API_UNREACHABLE',
      ].sort(),
    );
  });

  it('ends the run at once for each permanent misconfiguration, naming the setting to fix', () => {
    const expected: [SyncFailureCode, string | undefined][] = [
      ['ERR_TOKEN_TENANT_NOT_FOUND', 'client AZURE_TENANT_ID'],
      ['ERR_TOKEN_CLIENT_UNKNOWN', 'client AZURE_CLIENT_ID'],
      ['ERR_TOKEN_CLIENT_SECRET', 'client AZURE_CLIENT_SECRET'],
      ['ERR_TOKEN_CLIENT_CERTIFICATE', 'client AZURE_CLIENT_CERTIFICATE_PATH'],
      ['ERR_TOKEN_SCOPE', 'client ORDERS_API_SCOPE'],
      ['ERR_TOKEN_NOT_ASSIGNED', undefined],
      ['ERR_TOKEN_AUTHORITY_NOT_FOUND', 'client AZURE_AUTHORITY_HOST'],
      ['ORDERS_API_TENANT_NOT_FOUND', 'server AZURE_TENANT_ID'],
      ['ORDERS_API_UNAUTHORIZED', 'client ORDERS_API_SCOPE'],
      ['ORDERS_API_NOT_FOUND', 'client ORDERS_API_BASE_URL'],
      ['ERR_TOKEN_FIC_ISSUER', 'client AZURE_CLIENT_ID'],
      ['ERR_TOKEN_FIC_SUBJECT', 'client ORDERS_API_MANAGED_IDENTITY_CLIENT_ID'],
      ['ERR_TOKEN_FIC_AUDIENCE', 'client AZURE_CLIENT_ID'],
      ['ERR_TOKEN_FIC_ASSERTION_EXPIRED', undefined],
    ];
    for (const [code, setting] of expected) {
      const failure = toSyncFailure(code, 'm');
      assert.deepEqual(
        [
          failure.retryable,
          failure.fatal,
          failure.settingToCheck && `${failure.settingToCheck.app} ${failure.settingToCheck.name}`,
        ],
        [false, true, setting],
        code,
      );
    }
  });

  it('builds failure values from the table and bounds the message', () => {
    assert.deepEqual(toSyncFailure('ORDERS_API_CONNECTION_REFUSED', 'refused'), {
      code: 'ORDERS_API_CONNECTION_REFUSED',
      message: 'refused',
      retryable: true,
      fatal: false,
      settingToCheck: { app: 'client', name: 'ORDERS_API_BASE_URL' },
    });
    assert.deepEqual(toSyncFailure('ORDERS_API_BAD_DATA', 'x'.repeat(600)), {
      code: 'ORDERS_API_BAD_DATA',
      message: `${'x'.repeat(497)}...`,
      retryable: true,
      fatal: false,
    });
  });
});
