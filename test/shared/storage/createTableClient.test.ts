import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { TokenCredential } from '@azure/identity';

import { ConfigurationError } from '../../../shared/config/ConfigurationError.js';
import { createTableClient } from '../../../shared/storage/createTableClient.js';

const KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const noCredential: TokenCredential = { getToken: () => Promise.resolve(null) };

function fromString(connectionString: string) {
  return { kind: 'connectionString', name: 'ORDERS_STORAGE', connectionString } as const;
}

function problems(run: () => unknown) {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigurationError);
    return error.problems;
  }
  return assert.fail('expected a ConfigurationError');
}

describe('createTableClient', () => {
  it('reaches Azurite for UseDevelopmentStorage=true', () => {
    const client = createTableClient(fromString('UseDevelopmentStorage=true'), 'orders');
    assert.equal(client.url, 'http://127.0.0.1:10002/devstoreaccount1');
    assert.equal(client.tableName, 'orders');
  });

  it('accepts an http loopback endpoint (Azurite on a random port)', () => {
    const client = createTableClient(
      fromString(
        `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:40123/devstoreaccount1;`,
      ),
      'orders',
    );
    assert.equal(client.url, 'http://127.0.0.1:40123/devstoreaccount1');
  });

  it('accepts an https account connection string', () => {
    const client = createTableClient(
      fromString(
        `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.windows.net`,
      ),
      'orders',
    );
    assert.equal(client.url, 'https://acct.table.core.windows.net');
  });

  it('refuses http to a remote host, and a string that is no connection string, without echoing it', () => {
    assert.deepEqual(
      problems(() =>
        createTableClient(
          fromString(
            `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.windows.net`,
          ),
          'orders',
        ),
      ),
      [{ setting: 'ORDERS_STORAGE', problem: 'must use https (http is allowed only on loopback)' }],
    );
    assert.deepEqual(
      problems(() => createTableClient(fromString('AccountKey=secret-ish'), 'orders')),
      [
        {
          setting: 'ORDERS_STORAGE',
          problem:
            'is not a storage connection string with a TableEndpoint (or UseDevelopmentStorage=true)',
        },
      ],
    );
  });

  it('uses managed identity on the table service URI', () => {
    const client = createTableClient(
      {
        kind: 'managedIdentity',
        name: 'ORDERS_STORAGE',
        tableServiceUri: 'https://acct.table.core.windows.net',
        blobServiceUri: undefined,
        clientId: undefined,
      },
      'orders',
      { credential: noCredential },
    );
    assert.equal(client.url, 'https://acct.table.core.windows.net');
    assert.equal(client.tableName, 'orders');
  });

  it('names the missing table service URI for managed identity', () => {
    assert.deepEqual(
      problems(() =>
        createTableClient(
          {
            kind: 'managedIdentity',
            name: 'ORDERS_STORAGE',
            tableServiceUri: undefined,
            blobServiceUri: 'https://acct.blob.core.windows.net',
            clientId: undefined,
          },
          'orders',
        ),
      ),
      [
        {
          setting: 'ORDERS_STORAGE__tableServiceUri',
          problem:
            'required for table access with managed identity (https://<account>.table.core.windows.net)',
        },
      ],
    );
  });
});
