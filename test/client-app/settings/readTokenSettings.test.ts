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

  describe('managed-identity-federated', () => {
    const APP = 'ceb3238c-e235-4914-b2db-280a3511a353';
    const UAMI = '00872284-75f3-49b3-9d7c-5c82069ca150';
    const RESOURCE_TENANT = '3e27b06f-7661-445e-abf3-dc39bf9a8ab0';
    const federated = (extra: Record<string, string> = {}) => ({
      ORDERS_API_CREDENTIAL: 'managed-identity-federated',
      ...MI,
      ORDERS_API_MANAGED_IDENTITY_CLIENT_ID: UAMI,
      AZURE_TENANT_ID: RESOURCE_TENANT,
      AZURE_CLIENT_ID: APP,
      ORDERS_API_SCOPE: SCOPE,
      ...extra,
    });

    it('reads the resource tenant, the app, the identity and the global exchange audience', () => {
      assert.deepEqual(readTokenSettings(federated()), {
        mode: 'managed-identity-federated',
        scope: SCOPE,
        identityEndpoint: MI.IDENTITY_ENDPOINT,
        managedIdentityClientId: UAMI,
        tenantId: RESOURCE_TENANT,
        clientId: APP,
        authorityHost: 'https://login.microsoftonline.com',
        exchangeAudience: 'api://AzureADTokenExchange',
      });
    });

    it("takes the sovereign clouds' exchange audiences from the authority host", () => {
      const audience = (host: string) =>
        readTokenSettings(federated({ AZURE_AUTHORITY_HOST: host }));
      assert.deepEqual(
        ['https://login.microsoftonline.us', 'https://login.chinacloudapi.cn'].map((host) => {
          const settings = audience(host);
          return settings.mode === 'managed-identity-federated' ? settings.exchangeAudience : '';
        }),
        ['api://AzureADTokenExchangeUSGov', 'api://AzureADTokenExchangeChina'],
      );
    });

    it('names the identity setting when missing, and AZURE_CLIENT_ID when it names the identity', () => {
      assert.deepEqual(
        problems(federated({ ORDERS_API_MANAGED_IDENTITY_CLIENT_ID: '' })).map((p) => p.setting),
        ['ORDERS_API_MANAGED_IDENTITY_CLIENT_ID'],
      );
      const [same] = problems(federated({ AZURE_CLIENT_ID: UAMI }));
      assert.equal(same?.setting, 'AZURE_CLIENT_ID');
      assert.match(
        same?.problem ?? '',
        /multi-tenant app registration's id, not the managed identity's/,
      );
    });
  });
});
