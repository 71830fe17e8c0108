import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { identityProviderSettings } from '../../../local/identity/identityProviderSettings.js';
import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';
import { loadResourceTenant, loadTenant } from './loadTenant.js';

const API = '27991dac-f89f-4062-8147-2c3296fcdd42';
const TID = 'd06a47d6-28da-4cfb-b94e-b85a694580a3';
const DAEMON = 'bb845956-d451-4a24-af98-0439e4b08673';

describe('identityProviderSettings', () => {
  it('lists settings for the server and for each way the client can sign in', async () => {
    const tenant = await loadTenant();
    const resourceTenant = await loadResourceTenant();
    const provider: RunningIdentityProvider = {
      authorityHost: 'https://127.0.0.1:8443',
      tenantId: TID,
      tenant,
      resourceTenant,
      identityEndpoint: 'http://127.0.0.1:8081/msi/token',
      identityHeader: 'header',
      caCertPath: '/ca.pem',
      clientCertificatePaths: new Map([[DAEMON, '/daemon.pem']]),
      requestCount: () => 0,
      injectFault: () => {},
      clearFaults: () => {},
      rotateSigningKey: () => Promise.resolve('kid'),
      stop: () => Promise.resolve(),
    };
    const groups = identityProviderSettings(provider);
    assert.deepEqual(
      groups.map((g) => g.title),
      [
        'server app (validates tokens)',
        'client app as managed identity orders-daemon-func (system-assigned) (holds Orders.Read)',
        'client app as managed identity orders-daemon-uami (holds Orders.Read)',
        'client app as managed identity unassigned-uami (no role: the API answers 403)',
        'client app as orders-daemon with its secret (holds Orders.Read)',
        'client app as orders-daemon with its certificate (holds Orders.Read)',
        'client app as orders-daemon-unassigned with its secret (no role: the API answers 403)',
        'server app of the resource tenant 3e27b06f-7661-445e-abf3-dc39bf9a8ab0 (partner-orders-api)',
        'client app across tenants: managed identity orders-daemon-uami as orders-daemon-cross-tenant in tenant 3e27b06f-7661-445e-abf3-dc39bf9a8ab0 (holds Orders.Read)',
      ],
    );
    assert.deepEqual(groups[0]?.settings, {
      NODE_EXTRA_CA_CERTS: '/ca.pem',
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443',
      AZURE_TENANT_ID: TID,
      ORDERS_API_CLIENT_ID: API,
    });
    assert.deepEqual(groups[5]?.settings, {
      ORDERS_API_CREDENTIAL: 'client-certificate',
      NODE_EXTRA_CA_CERTS: '/ca.pem',
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443',
      AZURE_TENANT_ID: TID,
      AZURE_CLIENT_ID: DAEMON,
      ORDERS_API_SCOPE: `api://${API}/.default`,
      AZURE_CLIENT_CERTIFICATE_PATH: '/daemon.pem',
    });
    assert.deepEqual(groups[2]?.settings, {
      ORDERS_API_CREDENTIAL: 'managed-identity',
      IDENTITY_ENDPOINT: 'http://127.0.0.1:8081/msi/token',
      IDENTITY_HEADER: 'header',
      AZURE_CLIENT_ID: '00872284-75f3-49b3-9d7c-5c82069ca150',
      ORDERS_API_SCOPE: `api://${API}/.default`,
    });
    assert.deepEqual(groups[8]?.settings, {
      ORDERS_API_CREDENTIAL: 'managed-identity-federated',
      IDENTITY_ENDPOINT: 'http://127.0.0.1:8081/msi/token',
      IDENTITY_HEADER: 'header',
      ORDERS_API_MANAGED_IDENTITY_CLIENT_ID: '00872284-75f3-49b3-9d7c-5c82069ca150',
      NODE_EXTRA_CA_CERTS: '/ca.pem',
      AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443',
      AZURE_TENANT_ID: '3e27b06f-7661-445e-abf3-dc39bf9a8ab0',
      AZURE_CLIENT_ID: 'ceb3238c-e235-4914-b2db-280a3511a353',
      ORDERS_API_SCOPE: 'api://d64a84e3-a0a5-4a45-908d-641af616feda/.default',
    });
  });
});
