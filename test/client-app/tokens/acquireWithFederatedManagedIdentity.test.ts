import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { readTokenSettings } from '../../../client-app/settings/readTokenSettings.js';
import { createTokenProvider } from '../../../client-app/tokens/createTokenProvider.js';
import { TokenAcquisitionError } from '../../../client-app/tokens/TokenAcquisitionError.js';
import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';
import { createBearerAuthenticator } from '../../../server-app/auth/createBearerAuthenticator.js';
import { silentLogger } from '../../../shared/logging/Logger.js';
import {
  BROKEN_APPS,
  CROSS_TENANT as X,
  federatedClientSettings,
  writeCrossTenantFixture,
} from '../../support/crossTenantFixture.js';
import { startTestIdentityProvider } from '../../support/startTestIdentityProvider.js';
import { trustingFetch } from './trustingFetch.js';

function claimsOf(bearerHeader: string): Record<string, unknown> {
  const payload = bearerHeader.replace(/^Bearer /, '').split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

// The real ManagedIdentityCredential and ClientAssertionCredential against the local identity
// provider. ManagedIdentityCredential's source and cache are process-wide, so this file uses
// one identity endpoint throughout (and the identity token, once fetched, stays cached).
describe('createTokenProvider with managed-identity-federated', () => {
  let idp: RunningIdentityProvider;
  let ca: string;

  const provider = (overrides: Record<string, string> = {}) =>
    createTokenProvider(
      readTokenSettings({
        ...federatedClientSettings(idp),
        ...overrides,
      }),
      {
        logger: silentLogger,
        trustedCaPem: ca,
        retry: { retries: 3, minDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 2_000 },
        deadlineMs: 20_000,
      },
    );
  const exchanges = (clientId: string) =>
    idp.requestCount({ endpoint: 'token', tenantId: X.resourceTenantId, clientId });
  const identityRequests = () =>
    idp.requestCount({ endpoint: 'managedIdentity', clientId: X.identityClientId });
  /** The refusal as the client reports it, and how many exchanges and how long it took. */
  const refusal = async (clientId: string) => {
    const before = exchanges(clientId);
    const started = performance.now();
    const error = await provider({ AZURE_CLIENT_ID: clientId })
      .getToken()
      .then(
        () => assert.fail('expected a TokenAcquisitionError'),
        (thrown: unknown) => thrown,
      );
    assert.ok(error instanceof TokenAcquisitionError, String(error));
    return {
      code: error.code,
      retryable: error.retryable,
      fatal: error.fatal,
      message: error.message,
      exchanges: exchanges(clientId) - before,
      ms: performance.now() - started,
    };
  };

  before(async () => {
    idp = await startTestIdentityProvider('fic-client-', writeCrossTenantFixture);
    ca = await readFile(idp.caCertPath, 'utf8');
    process.env.IDENTITY_ENDPOINT = idp.identityEndpoint;
    process.env.IDENTITY_HEADER = idp.identityHeader;
  });
  after(() => idp.stop());

  // First: the expired identity token must not already sit in the process-wide cache.
  it('reports an expired identity token (AADSTS700024) at once, without retrying', async () => {
    idp.injectFault({ endpoint: 'managedIdentity', fault: { kind: 'backdate', seconds: 90_000 } });
    const result = await refusal(X.appId);
    assert.deepEqual(
      { ...result, message: undefined, ms: undefined },
      {
        code: 'ERR_TOKEN_FIC_ASSERTION_EXPIRED',
        retryable: false,
        fatal: true,
        message: undefined,
        exchanges: 1,
        ms: undefined,
      },
    );
    assert.match(
      result.message,
      /AADSTS700024: the identity's token .*expired or not yet valid: check the host's clock/,
    );
    assert.ok(result.ms < 10_000, `${result.ms} ms`);
  });

  it("gets the resource tenant's token for its API as the multi-tenant app, which that API accepts", async () => {
    const tokens = provider();
    const leases = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken()));
    const lease = leases[0];
    assert.ok(lease !== undefined);
    const claims = claimsOf(lease.bearerHeader());
    assert.deepEqual(
      [claims.iss, claims.tid, claims.appid, claims.oid, claims.roles],
      [
        `${idp.authorityHost}/${X.resourceTenantId}/`,
        X.resourceTenantId,
        X.appId,
        X.appObjectIdInResource,
        ['Orders.Read'],
      ],
    );
    assert.equal(new Set(leases).size, 1);
    assert.deepEqual(tokens.describe(), {
      mode: 'managed-identity-federated',
      scope: `api://${X.resourceApiClientId}/.default`,
      clientId: X.appId,
      tenantId: X.resourceTenantId,
      authorityHost: idp.authorityHost,
      managedIdentityClientId: X.identityClientId,
    });
    const outcome = await createBearerAuthenticator({
      tenantId: X.resourceTenantId,
      clientId: X.resourceApiClientId,
      authorityHost: idp.authorityHost,
      allowedClients: [X.appId],
      logger: silentLogger,
      fetch: trustingFetch(ca),
    }).authenticate(new Headers({ authorization: lease.bearerHeader() }));
    assert.equal(outcome.ok, true);
  });

  it('asks the identity endpoint once for every exchange while the identity token lasts', async () => {
    const before = identityRequests();
    await provider().getToken();
    await provider({ AZURE_CLIENT_ID: BROKEN_APPS.subject })
      .getToken()
      .catch(() => undefined);
    assert.equal(identityRequests() - before, 0);
  });

  const mismatches: [string, string, string, RegExp][] = [
    [
      'issuer',
      BROKEN_APPS.issuer,
      'ERR_TOKEN_FIC_ISSUER',
      /AADSTS700211: the FIC issuer on app .* must be https:\/\/127\.0\.0\.1:\d+\/\{the identity's tenant id\}\/v2\.0, exactly: the identity's tenant, not the resource tenant/,
    ],
    [
      'subject',
      BROKEN_APPS.subject,
      'ERR_TOKEN_FIC_SUBJECT',
      /AADSTS700213: the FIC subject on app .* must be the object \(principal\) id of identity 00872284-75f3-49b3-9d7c-5c82069ca150 \(ORDERS_API_MANAGED_IDENTITY_CLIENT_ID\), not its client id/,
    ],
    [
      'audience',
      BROKEN_APPS.audience,
      'ERR_TOKEN_FIC_AUDIENCE',
      /AADSTS7002121: the FIC audience on app .* must be exactly api:\/\/AzureADTokenExchange,/,
    ],
  ];
  for (const [field, app, code, message] of mismatches) {
    it(`reports a FIC ${field} mismatch as fatal ${code}, naming the field, without retrying`, async () => {
      const result = await refusal(app);
      assert.deepEqual(
        [result.code, result.retryable, result.fatal, result.exchanges],
        [code, false, true, 1],
      );
      assert.match(result.message, message);
      assert.ok(result.ms < 10_000, `${result.ms} ms`);
    });
  }

  it('leaves an app without FIC (AADSTS70021, also said while one replicates) to a later run', async () => {
    const result = await refusal(BROKEN_APPS.none);
    assert.deepEqual(
      [result.code, result.retryable, result.fatal, result.exchanges],
      ['ERR_TOKEN_FIC_NOT_FOUND', true, false, 1],
    );
    assert.match(result.message, /may still be replicating/);
  });

  it('says an app without a service principal in the resource tenant needs consent there', async () => {
    const result = await refusal('bb845956-d451-4a24-af98-0439e4b08673');
    assert.deepEqual([result.code, result.fatal], ['ERR_TOKEN_CLIENT_UNKNOWN', true]);
    assert.match(
      result.message,
      /no service principal in the resource tenant .*az ad sp create --id/,
    );
  });

  it('names ORDERS_API_MANAGED_IDENTITY_CLIENT_ID when it is not an identity of the app, asking no tenant', async () => {
    const before = idp.requestCount({ endpoint: 'token' });
    const error = await provider({
      ORDERS_API_MANAGED_IDENTITY_CLIENT_ID: '5b0f4c1e-7d3a-4e8b-9c61-000000000000',
    })
      .getToken()
      .catch((thrown: unknown) => thrown);
    assert.ok(error instanceof TokenAcquisitionError, String(error));
    assert.deepEqual(
      [error.code, error.fatal, error.status],
      ['ERR_TOKEN_MANAGED_IDENTITY', true, 400],
    );
    assert.match(
      error.message,
      /ORDERS_API_MANAGED_IDENTITY_CLIENT_ID names a user-assigned identity attached to it/,
    );
    assert.equal(idp.requestCount({ endpoint: 'token' }), before);
  });
});
