import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readServerSettings } from '../../server-app/settings.js';
import { ConfigurationError } from '../../shared/config/ConfigurationError.js';

const TENANT = '11111111-2222-3333-4444-555555555555';
const API = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const OTHER_TENANT = '66666666-7777-8888-9999-000000000000';
const CALLER_A = '00000000-0000-0000-0000-00000000000a';
const CALLER_B = '00000000-0000-0000-0000-00000000000b';

const minimal = {
  AZURE_TENANT_ID: TENANT,
  ORDERS_API_CLIENT_ID: API,
  ORDERS_STORAGE: 'UseDevelopmentStorage=true',
};

function problemsOf(
  source: Record<string, string>,
): readonly { setting: string; problem: string }[] {
  try {
    readServerSettings(source);
  } catch (error) {
    assert.ok(error instanceof ConfigurationError);
    assert.equal(error.code, 'ERR_CONFIGURATION');
    return error.problems;
  }
  assert.fail('expected a ConfigurationError');
}

describe('readServerSettings', () => {
  it('applies every default from the minimal settings', () => {
    assert.deepEqual(readServerSettings(minimal), {
      tenantId: TENANT,
      allowedTenants: [TENANT],
      clientId: API,
      authorityHost: 'https://login.microsoftonline.com',
      allowedClients: [],
      requiredRole: 'Orders.Read',
      storage: {
        kind: 'connectionString',
        name: 'ORDERS_STORAGE',
        connectionString: 'UseDevelopmentStorage=true',
      },
      tableName: 'orders',
      defaultPageSize: 100,
      maxPageSize: 1000,
    });
  });

  it('reads every setting when given, normalising GUIDs and the authority host', () => {
    const settings = readServerSettings({
      AZURE_TENANT_ID: TENANT.toUpperCase(),
      ORDERS_API_CLIENT_ID: API,
      AZURE_AUTHORITY_HOST: 'http://127.0.0.1:4010/',
      ORDERS_API_ALLOWED_TENANTS: `${OTHER_TENANT.toUpperCase()},${TENANT}`,
      ORDERS_API_ALLOWED_CLIENTS: ` ${CALLER_A}, ${CALLER_B.toUpperCase()},`,
      ORDERS_API_REQUIRED_ROLE: 'Orders.Sync',
      ORDERS_STORAGE__tableServiceUri: 'https://acct.table.core.windows.net',
      ORDERS_STORAGE__clientId: CALLER_A,
      ORDERS_TABLE_NAME: 'orders2',
      ORDERS_API_DEFAULT_PAGE_SIZE: '50',
      ORDERS_API_MAX_PAGE_SIZE: '500',
    });
    assert.deepEqual(settings, {
      tenantId: TENANT,
      allowedTenants: [OTHER_TENANT, TENANT],
      clientId: API,
      authorityHost: 'http://127.0.0.1:4010',
      allowedClients: [CALLER_A, CALLER_B],
      requiredRole: 'Orders.Sync',
      storage: {
        kind: 'managedIdentity',
        name: 'ORDERS_STORAGE',
        tableServiceUri: 'https://acct.table.core.windows.net',
        blobServiceUri: undefined,
        clientId: CALLER_A,
      },
      tableName: 'orders2',
      defaultPageSize: 50,
      maxPageSize: 500,
    });
    assert.ok(Object.isFrozen(settings));
  });

  it('names every missing required setting at once', () => {
    assert.deepEqual(
      problemsOf({}).map((p) => p.setting),
      ['AZURE_TENANT_ID', 'ORDERS_API_CLIENT_ID', 'ORDERS_STORAGE'],
    );
  });

  it('names every malformed setting at once, with what it should look like', () => {
    assert.deepEqual(
      problemsOf({
        AZURE_TENANT_ID: 'contoso.onmicrosoft.com',
        ORDERS_API_CLIENT_ID: 'api://orders',
        AZURE_AUTHORITY_HOST: 'http://login.example.com',
        ORDERS_API_ALLOWED_CLIENTS: `${CALLER_A},not-a-guid`,
        ORDERS_API_REQUIRED_ROLE: 'Orders Read',
        ORDERS_TABLE_NAME: 'orders-table',
        ORDERS_API_DEFAULT_PAGE_SIZE: '0',
        ORDERS_API_MAX_PAGE_SIZE: '1001',
        ORDERS_STORAGE__tableServiceUri: 'not a url',
      }),
      [
        {
          setting: 'AZURE_TENANT_ID',
          problem: 'must be the Entra tenant ID (a GUID like 00000000-0000-0000-0000-000000000000)',
        },
        {
          setting: 'ORDERS_API_CLIENT_ID',
          problem:
            "must be the Orders API app registration's client ID (a GUID like 00000000-0000-0000-0000-000000000000)",
        },
        {
          setting: 'AZURE_AUTHORITY_HOST',
          problem: 'must use https (http is allowed only on loopback)',
        },
        {
          setting: 'ORDERS_API_ALLOWED_CLIENTS',
          problem:
            'entry 2: must be a comma-separated list of caller client IDs (a GUID like 00000000-0000-0000-0000-000000000000)',
        },
        {
          setting: 'ORDERS_API_REQUIRED_ROLE',
          problem: 'must be one app role value, without spaces or commas',
        },
        {
          setting: 'ORDERS_TABLE_NAME',
          problem: 'must be a table name: 3 to 63 letters or digits, starting with a letter',
        },
        {
          setting: 'ORDERS_API_DEFAULT_PAGE_SIZE',
          problem: 'must be the default page size: an integer from 1 to 1000',
        },
        {
          setting: 'ORDERS_API_MAX_PAGE_SIZE',
          problem: 'must be the largest page size: an integer from 1 to 1000',
        },
        { setting: 'ORDERS_STORAGE__tableServiceUri', problem: 'must be an absolute https URL' },
      ],
    );
  });

  it('rejects a default page size above the largest', () => {
    assert.deepEqual(
      problemsOf({
        ...minimal,
        ORDERS_API_DEFAULT_PAGE_SIZE: '200',
        ORDERS_API_MAX_PAGE_SIZE: '100',
      }),
      [
        {
          setting: 'ORDERS_API_DEFAULT_PAGE_SIZE',
          problem: 'must not exceed ORDERS_API_MAX_PAGE_SIZE',
        },
      ],
    );
  });

  it('treats empty values as unset', () => {
    assert.deepEqual(
      readServerSettings({ ...minimal, ORDERS_TABLE_NAME: ' ', ORDERS_API_ALLOWED_CLIENTS: '' })
        .tableName,
      'orders',
    );
  });
});
