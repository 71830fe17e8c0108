import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';

import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';
import {
  BROKEN_APPS,
  CROSS_TENANT as X,
  writeCrossTenantFixture,
} from '../../support/crossTenantFixture.js';
import { startTestIdentityProvider } from '../../support/startTestIdentityProvider.js';
import { httpsJson } from './httpsJson.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const RESOURCE_SCOPE = `api://${X.resourceApiClientId}/.default`;

// Entra's codes for a managed identity used as a federated identity credential, and where
// each is documented (see /work/shared/notes/cross-tenant.md):
// - AADSTS70021 no FIC matches (also while a new one replicates): entra-docs
//   workload-identity-federation-considerations.md; Azure/azure-workload-identity#616.
// - AADSTS700211 issuer: Azure/azure-workload-identity#1200 (the text Entra answered).
// - AADSTS700213 subject, case-sensitive: Azure/login#482, #379.
// - AADSTS7002121 audience, for an Entra-issued assertion: a public cross-tenant FIC
//   experiment's failure list (700212 is the same for external issuers: Azure/login users).
// - AADSTS700024 an assertion out of its time range: Entra's client-assertion code.
describe('the token endpoint with a managed identity as a federated credential', () => {
  let idp: RunningIdentityProvider;
  let ca: string;

  const resourceTokenUrl = () => `${idp.authorityHost}/${X.resourceTenantId}/oauth2/v2.0/token`;
  const keysOf = async (tenantId: string) =>
    (await httpsJson(`${idp.authorityHost}/${tenantId}/discovery/v2.0/keys`, { ca }))
      .body as unknown as JSONWebKeySet;
  const identityToken = async (resource = 'api://AzureADTokenExchange') => {
    const url = new URL(idp.identityEndpoint);
    url.searchParams.set('api-version', '2019-08-01');
    url.searchParams.set('resource', resource);
    url.searchParams.set('client_id', X.identityClientId);
    const response = await fetch(url, { headers: { 'X-IDENTITY-HEADER': idp.identityHeader } });
    assert.equal(response.status, 200);
    return String(((await response.json()) as Record<string, unknown>).access_token);
  };
  const exchange = (clientId: string, assertion: string) =>
    httpsJson(resourceTokenUrl(), {
      ca,
      form: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_assertion_type: JWT_BEARER,
        client_assertion: assertion,
        scope: RESOURCE_SCOPE,
      },
    });
  const refusal = (response: { status: number; body: Record<string, unknown> }) => ({
    status: response.status,
    error: response.body.error,
    codes: response.body.error_codes,
  });

  before(async () => {
    idp = await startTestIdentityProvider('fic-idp-', writeCrossTenantFixture);
    ca = await readFile(idp.caCertPath, 'utf8');
  });
  after(() => idp.stop());

  it("issues the identity an exchange token of the home tenant, naming it as the FIC's subject", async () => {
    const claims = decodeJwt(await identityToken());
    assert.deepEqual(
      [claims.iss, claims.sub, claims.aud, claims.tid, claims.roles],
      [
        `${idp.authorityHost}/${X.homeTenantId}/v2.0`,
        X.identityObjectId,
        'api://AzureADTokenExchange',
        X.homeTenantId,
        undefined,
      ],
    );
  });

  it("exchanges it for the resource tenant's token for its API, signed with that tenant's own key", async () => {
    const response = await exchange(X.appId, await identityToken());
    assert.equal(response.status, 200);
    const token = String(response.body.access_token);
    const { payload } = await jwtVerify(
      token,
      createLocalJWKSet(await keysOf(X.resourceTenantId)),
      {
        algorithms: ['RS256'],
        issuer: `${idp.authorityHost}/${X.resourceTenantId}/`,
      },
    );
    assert.deepEqual(
      [payload.aud, payload.tid, payload.appid, payload.oid, payload.roles],
      [
        `api://${X.resourceApiClientId}`,
        X.resourceTenantId,
        X.appId,
        X.appObjectIdInResource,
        ['Orders.Read'],
      ],
    );
    await assert.rejects(
      jwtVerify(token, createLocalJWKSet(await keysOf(X.homeTenantId)), { algorithms: ['RS256'] }),
      { code: 'ERR_JWKS_NO_MATCHING_KEY' },
    );
  });

  it('answers AADSTS700211 when no FIC names the assertion issuer', async () => {
    const response = await exchange(BROKEN_APPS.issuer, await identityToken());
    assert.deepEqual(refusal(response), { status: 401, error: 'invalid_client', codes: [700211] });
    assert.match(
      String(response.body.error_description),
      /presented assertion issuer 'https:\/\/127\.0\.0\.1:\d+\/d06a47d6/,
    );
  });

  it('answers AADSTS700213 when no FIC names the subject (the client id is not the object id)', async () => {
    const response = await exchange(BROKEN_APPS.subject, await identityToken());
    assert.deepEqual(refusal(response), { status: 401, error: 'invalid_client', codes: [700213] });
    assert.match(
      String(response.body.error_description),
      new RegExp(`subject '${X.identityObjectId}'`),
    );
  });

  it('answers AADSTS7002121 when no FIC names the audience', async () => {
    const wrongCloud = await exchange(BROKEN_APPS.audience, await identityToken());
    assert.deepEqual(refusal(wrongCloud), {
      status: 401,
      error: 'invalid_client',
      codes: [7002121],
    });
  });

  it('answers AADSTS70021 when the app has no FIC at all', async () => {
    const response = await exchange(BROKEN_APPS.none, await identityToken());
    assert.deepEqual(refusal(response), { status: 401, error: 'invalid_client', codes: [70021] });
  });

  it('answers AADSTS700024 for an expired identity token', async () => {
    idp.injectFault({ endpoint: 'managedIdentity', fault: { kind: 'backdate', seconds: 90_000 } });
    const response = await exchange(X.appId, await identityToken());
    assert.deepEqual(refusal(response), { status: 401, error: 'invalid_client', codes: [700024] });
  });

  it('answers AADSTS700027 for an assertion whose signature does not verify', async () => {
    const [header, payload] = (await identityToken()).split('.');
    const response = await exchange(X.appId, `${header}.${payload}.${'A'.repeat(342)}`);
    assert.deepEqual(refusal(response).codes, [700027]);
  });

  it('refuses a secret for the foreign app, and an app not provisioned in the tenant (AADSTS700016)', async () => {
    const secret = await httpsJson(resourceTokenUrl(), {
      ca,
      form: {
        grant_type: 'client_credentials',
        client_id: X.appId,
        client_secret: 'x',
        scope: RESOURCE_SCOPE,
      },
    });
    const unknown = await exchange(X.identityClientId, await identityToken());
    assert.deepEqual(
      [refusal(secret), refusal(unknown)],
      [
        { status: 401, error: 'invalid_client', codes: [7000218] },
        { status: 400, error: 'unauthorized_client', codes: [700016] },
      ],
    );
  });

  it('counts requests per tenant', () => {
    assert.ok(idp.requestCount({ endpoint: 'token', tenantId: X.resourceTenantId }) === 9);
    assert.equal(idp.requestCount({ endpoint: 'token', tenantId: X.homeTenantId }), 0);
  });
});
