import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readTokenSettings } from '../../../client-app/settings/readTokenSettings.js';
import { ConfigurationError } from '../../../shared/config/ConfigurationError.js';

const SCOPE = 'api://27991dac-f89f-4062-8147-2c3296fcdd42/.default';
const TENANT = 'D06A47D6-28DA-4CFB-B94E-B85A694580A3';
const CLIENT = 'bb845956-d451-4a24-af98-0439e4b08673';
const MI = { IDENTITY_ENDPOINT: 'http://127.0.0.1:41741/msi/token', IDENTITY_HEADER: 'h' };
const CONFIDENTIAL = { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT };

function problems(source: Record<string, string>) {
  try {
    readTokenSettings(source);
  } catch (error) {
    assert.ok(error instanceof ConfigurationError);
    return error.problems;
  }
  return assert.fail('expected a ConfigurationError');
}

describe('readTokenSettings', () => {
  it('picks managed identity when the host set IDENTITY_ENDPOINT and IDENTITY_HEADER', () => {
    assert.deepEqual(
      readTokenSettings({
        ...MI,
        ...CONFIDENTIAL,
        AZURE_CLIENT_SECRET: 's',
        ORDERS_API_SCOPE: SCOPE,
      }),
      {
        mode: 'managed-identity',
        scope: SCOPE,
        identityEndpoint: MI.IDENTITY_ENDPOINT,
        userAssignedClientId: CLIENT,
      },
    );
  });

  it('picks a system-assigned identity when AZURE_CLIENT_ID is unset', () => {
    assert.deepEqual(readTokenSettings({ ...MI, ORDERS_API_SCOPE: SCOPE }), {
      mode: 'managed-identity',
      scope: SCOPE,
      identityEndpoint: MI.IDENTITY_ENDPOINT,
    });
  });

  it('picks the client secret off Azure, with the default authority host', () => {
    assert.deepEqual(
      readTokenSettings({
        ...CONFIDENTIAL,
        AZURE_CLIENT_SECRET: 's3cret',
        ORDERS_API_SCOPE: SCOPE,
      }),
      {
        mode: 'client-secret',
        scope: SCOPE,
        tenantId: TENANT.toLowerCase(),
        clientId: CLIENT,
        authorityHost: 'https://login.microsoftonline.com',
        clientSecret: 's3cret',
      },
    );
  });

  it('honours ORDERS_API_CREDENTIAL over the environment', () => {
    const settings = readTokenSettings({
      ...MI,
      ...CONFIDENTIAL,
      ORDERS_API_CREDENTIAL: 'client-certificate',
      AZURE_CLIENT_CERTIFICATE_PATH: '/certs/daemon.pem',
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443/',
      ORDERS_API_SCOPE: SCOPE,
    });
    assert.deepEqual(settings, {
      mode: 'client-certificate',
      scope: SCOPE,
      tenantId: TENANT.toLowerCase(),
      clientId: CLIENT,
      authorityHost: 'https://127.0.0.1:8443',
      certificatePath: '/certs/daemon.pem',
    });
  });

  it('says which settings to add when no credential is configured', () => {
    assert.deepEqual(problems({ ORDERS_API_SCOPE: SCOPE }), [
      {
        setting: 'ORDERS_API_CREDENTIAL',
        problem:
          "no credential configured. On Azure, enable the Function App's managed identity (the host then sets " +
          'IDENTITY_ENDPOINT and IDENTITY_HEADER); elsewhere set AZURE_TENANT_ID, AZURE_CLIENT_ID and ' +
          'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH. ORDERS_API_CREDENTIAL may name the choice explicitly.',
      },
    ]);
  });

  it('refuses a scope without /.default or with several scopes', () => {
    for (const scope of ['api://27991dac-f89f-4062-8147-2c3296fcdd42', `${SCOPE} openid`]) {
      assert.deepEqual(problems({ ...MI, ORDERS_API_SCOPE: scope }), [
        {
          setting: 'ORDERS_API_SCOPE',
          problem: 'must be one scope ending in /.default, e.g. api://{server client id}/.default',
        },
      ]);
    }
  });

  it('names every missing confidential-client setting and refuses a non-https authority', () => {
    assert.deepEqual(
      problems({
        ORDERS_API_CREDENTIAL: 'client-secret',
        AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8080',
      }).map((p) => p.setting),
      [
        'ORDERS_API_SCOPE',
        'AZURE_TENANT_ID',
        'AZURE_CLIENT_ID',
        'AZURE_AUTHORITY_HOST',
        'AZURE_CLIENT_SECRET',
      ],
    );
  });

  it('refuses an explicit managed identity without the host settings, and an ambiguous choice', () => {
    assert.deepEqual(
      problems({ ORDERS_API_CREDENTIAL: 'managed-identity', ORDERS_API_SCOPE: SCOPE }).map(
        (p) => p.setting,
      ),
      ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER'],
    );
    assert.deepEqual(
      problems({
        ...CONFIDENTIAL,
        AZURE_CLIENT_SECRET: 's',
        AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem',
        ORDERS_API_SCOPE: SCOPE,
      }).map((p) => p.setting),
      ['ORDERS_API_CREDENTIAL'],
    );
    assert.deepEqual(
      problems({ ORDERS_API_CREDENTIAL: 'chain' }).map((p) => p.setting),
      ['ORDERS_API_CREDENTIAL'],
    );
  });
});
