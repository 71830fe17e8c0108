import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConfigurationError } from '../../../shared/config/ConfigurationError.js';
import { readStorageConnection } from '../../../shared/storage/storageConnection.js';

describe('readStorageConnection', () => {
  it('prefers the connection string', () => {
    assert.deepEqual(
      readStorageConnection('ORDERS_STORAGE', {
        ORDERS_STORAGE: ' UseDevelopmentStorage=true ',
        ORDERS_STORAGE__tableServiceUri: 'https://acct.table.core.windows.net',
      }),
      {
        kind: 'connectionString',
        name: 'ORDERS_STORAGE',
        connectionString: 'UseDevelopmentStorage=true',
      },
    );
  });

  it('selects managed identity from the service URIs and client ID', () => {
    assert.deepEqual(
      readStorageConnection('ORDERS_STORAGE', {
        ORDERS_STORAGE__blobServiceUri: 'https://acct.blob.core.windows.net',
        ORDERS_STORAGE__clientId: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE',
      }),
      {
        kind: 'managedIdentity',
        name: 'ORDERS_STORAGE',
        tableServiceUri: undefined,
        blobServiceUri: 'https://acct.blob.core.windows.net',
        clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      },
    );
  });

  it('names the connection when neither form is configured, and a malformed client ID', () => {
    assert.throws(
      () => readStorageConnection('ORDERS_STORAGE', { ORDERS_STORAGE: ' ' }),
      (error: unknown) =>
        error instanceof ConfigurationError &&
        error.problems.length === 1 &&
        error.problems[0]?.setting === 'ORDERS_STORAGE',
    );
    assert.throws(
      () =>
        readStorageConnection('ORDERS_STORAGE', {
          ORDERS_STORAGE__tableServiceUri: 'https://acct.table.core.windows.net',
          ORDERS_STORAGE__clientId: 'my-identity',
        }),
      (error: unknown) =>
        error instanceof ConfigurationError &&
        error.problems.length === 1 &&
        error.problems[0]?.setting === 'ORDERS_STORAGE__clientId',
    );
  });
});
