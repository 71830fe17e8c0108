import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';
import { API, SYSTEM_MI, UNASSIGNED_MI, USER_MI } from '../../support/localTenant.js';
import { startTestIdentityProvider } from '../../support/startTestIdentityProvider.js';
import { runTokenChild } from './runTokenChild.js';

// ManagedIdentityCredential keeps its source and cache in process-wide statics, so every setup
// runs in its own child process, configured only through its environment as on App Service.
describe('acquireWithManagedIdentity', () => {
  let idp: RunningIdentityProvider;

  const env = (extra: Record<string, string> = {}) => ({
    IDENTITY_ENDPOINT: idp.identityEndpoint,
    IDENTITY_HEADER: idp.identityHeader,
    ORDERS_API_SCOPE: `api://${API}/.default`,
    NODE_EXTRA_CA_CERTS: idp.caCertPath,
    TEST_API_CLIENT_ID: API,
    TEST_TENANT_ID: idp.tenantId,
    TEST_AUTHORITY_HOST: idp.authorityHost,
    ...extra,
  });
  const miRequests = (clientId: string) =>
    idp.requestCount({ endpoint: 'managedIdentity', clientId });

  before(async () => {
    idp = await startTestIdentityProvider('mi-provider-');
  });
  after(() => idp.stop());

  it('gets a system-assigned token the API accepts, one request for 50 concurrent calls', async () => {
    const result = await runTokenChild(env({ TEST_CALLS: '50' }));
    const claims = result.claims ?? {};
    assert.deepEqual(
      [claims.aud, claims.iss, claims.appid, claims.roles, claims.ver, claims.idtyp],
      [
        `api://${API}`,
        `${idp.authorityHost}/${idp.tenantId}/`,
        SYSTEM_MI,
        ['Orders.Read'],
        '1.0',
        'app',
      ],
    );
    assert.equal(claims.oid, claims.sub);
    assert.deepEqual(result.describe, { mode: 'managed-identity', scope: `api://${API}/.default` });
    assert.equal(result.distinctLeases, 1);
    assert.deepEqual(result.api, { ok: true });
    assert.equal(miRequests(SYSTEM_MI), 1);
  });

  it('uses the user-assigned identity named by AZURE_CLIENT_ID', async () => {
    const result = await runTokenChild(env({ AZURE_CLIENT_ID: USER_MI }));
    assert.equal(result.claims?.appid, USER_MI);
    assert.deepEqual(result.api, { ok: true });
  });

  it('gets a role-less token for an unassigned identity, which the API refuses with 403', async () => {
    const result = await runTokenChild(env({ AZURE_CLIENT_ID: UNASSIGNED_MI }));
    assert.equal(result.claims?.appid, UNASSIGNED_MI);
    assert.equal(result.claims !== undefined && 'roles' in result.claims, false);
    assert.deepEqual(result.api, { ok: false, status: 403 });
  });

  it('lets the SDK retry 500s (no second retry layer), then succeeds', async () => {
    const before = miRequests(USER_MI);
    idp.injectFault({
      endpoint: 'managedIdentity',
      fault: { kind: 'status', status: 500 },
      times: 2,
    });
    const result = await runTokenChild(env({ AZURE_CLIENT_ID: USER_MI }));
    assert.equal(result.claims?.appid, USER_MI);
    assert.equal(miRequests(USER_MI) - before, 3);
  });

  it('fails at once with ERR_TOKEN_MANAGED_IDENTITY when the endpoint refuses the header', async () => {
    const before = miRequests(SYSTEM_MI);
    const result = await runTokenChild(env({ IDENTITY_HEADER: 'not-the-header' }));
    assert.deepEqual(result.error, {
      name: 'TokenAcquisitionError',
      code: 'ERR_TOKEN_MANAGED_IDENTITY',
      retryable: false,
      status: 401,
    });
    assert.equal(miRequests(SYSTEM_MI) - before, 1);
  });

  it('lets the SDK honour Retry-After on a 429, then succeeds', async () => {
    const before = miRequests(USER_MI);
    idp.injectFault({
      endpoint: 'managedIdentity',
      fault: { kind: 'status', status: 429, retryAfterSeconds: 1 },
    });
    const result = await runTokenChild(env({ AZURE_CLIENT_ID: USER_MI }));
    assert.equal(result.claims?.appid, USER_MI);
    assert.equal(miRequests(USER_MI) - before, 2);
  });

  it('bounds a slow endpoint by the acquisition deadline with a retryable ERR_TOKEN_TIMEOUT', async () => {
    idp.injectFault({ endpoint: 'managedIdentity', fault: { kind: 'delay', delayMs: 5_000 } });
    const result = await runTokenChild(env({ TEST_DEADLINE_MS: '300' }));
    assert.deepEqual(result.error, {
      name: 'TokenAcquisitionError',
      code: 'ERR_TOKEN_TIMEOUT',
      retryable: true,
    });
  });
});
