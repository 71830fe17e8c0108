import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { TokenCredential } from '@azure/identity';

import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import { ConfigurationError } from '../../../shared/config/ConfigurationError.js';
import { createBlobContainerClient } from '../../../shared/storage/createBlobContainerClient.js';

const noCredential: TokenCredential = { getToken: () => Promise.resolve(null) };

let azurite: RunningAzurite;

before(async () => {
  azurite = await startAzurite();
});

after(async () => {
  await azurite?.stop();
});

describe('createBlobContainerClient', () => {
  it('writes and reads a blob in Azurite from its connection string', async () => {
    const container = createBlobContainerClient(
      {
        kind: 'connectionString',
        name: 'ORDERS_STORAGE',
        connectionString: azurite.connectionString,
      },
      'orders-archive',
    );
    assert.equal(container.url, `${azurite.blobEndpoint}/orders-archive`);
    await container.createIfNotExists();
    await container.getBlockBlobClient('emea.json').upload('[]', 2);
    const text = (await container.getBlockBlobClient('emea.json').downloadToBuffer()).toString();
    assert.equal(text, '[]');
  });

  it('reaches the default Azurite endpoint for UseDevelopmentStorage=true', () => {
    const container = createBlobContainerClient(
      {
        kind: 'connectionString',
        name: 'ORDERS_STORAGE',
        connectionString: 'UseDevelopmentStorage=true',
      },
      'orders-archive',
    );
    assert.equal(container.url, 'http://127.0.0.1:10000/devstoreaccount1/orders-archive');
  });

  it('uses managed identity on the blob service URI', () => {
    const container = createBlobContainerClient(
      {
        kind: 'managedIdentity',
        name: 'ORDERS_STORAGE',
        tableServiceUri: undefined,
        blobServiceUri: 'https://acct.blob.core.windows.net',
        clientId: undefined,
      },
      'orders-archive',
      { credential: noCredential },
    );
    assert.equal(container.url, 'https://acct.blob.core.windows.net/orders-archive');
  });

  it('names the setting when the connection cannot reach blobs', () => {
    assert.throws(
      () =>
        createBlobContainerClient(
          {
            kind: 'managedIdentity',
            name: 'ORDERS_STORAGE',
            tableServiceUri: 'https://acct.table.core.windows.net',
            blobServiceUri: undefined,
            clientId: undefined,
          },
          'orders-archive',
        ),
      (error: unknown) =>
        error instanceof ConfigurationError &&
        error.message ===
          'Invalid configuration:\n  - ORDERS_STORAGE__blobServiceUri: required for blob access with managed identity (https://<account>.blob.core.windows.net)',
    );
    assert.throws(
      () =>
        createBlobContainerClient(
          { kind: 'connectionString', name: 'ORDERS_STORAGE', connectionString: 'nonsense' },
          'orders-archive',
        ),
      (error: unknown) =>
        error instanceof ConfigurationError &&
        error.problems[0]?.problem ===
          'is not a storage connection string with a BlobEndpoint (or UseDevelopmentStorage=true)',
    );
  });
});
