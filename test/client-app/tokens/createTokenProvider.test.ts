import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';

import { readTokenSettings } from '../../../client-app/settings/readTokenSettings.js';
import {
  createTokenProvider,
  type TokenProviderDeps,
} from '../../../client-app/tokens/createTokenProvider.js';
import { TokenAcquisitionError } from '../../../client-app/tokens/TokenAcquisitionError.js';
import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';
import { createBearerAuthenticator } from '../../../server-app/auth/createBearerAuthenticator.js';
import { silentLogger } from '../../../shared/logging/Logger.js';
import type { RetryNotice } from '../../../client-app/sync/progress/RetryNotice.js';
import { closedPort } from '../../e2e/support/closedPort.js';
import { API, DAEMON, DAEMON_SECRET, UNASSIGNED } from '../../support/localTenant.js';
import { startTestIdentityProvider } from '../../support/startTestIdentityProvider.js';
import { captureLogger } from './captureLogger.js';
import { runTokenChild } from './runTokenChild.js';
import { trustingFetch } from './trustingFetch.js';

function claimsOf(bearerHeader: string): Record<string, unknown> {
  const payload = bearerHeader.replace(/^Bearer /, '').split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('createTokenProvider with an MSAL confidential client', () => {
  let idp: RunningIdentityProvider;
  let ca: string;

  const settings = (overrides: Record<string, string> = {}) =>
    readTokenSettings({
      AZURE_AUTHORITY_HOST: idp.authorityHost,
      AZURE_TENANT_ID: idp.tenantId,
      AZURE_CLIENT_ID: DAEMON,
      AZURE_CLIENT_SECRET: DAEMON_SECRET,
      ORDERS_API_SCOPE: `api://${API}/.default`,
      ...overrides,
    });
  const deps = (extra: Partial<TokenProviderDeps> = {}): TokenProviderDeps => ({
    logger: silentLogger,
    trustedCaPem: ca,
    retry: { retries: 3, minDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 2_000 },
    attemptTimeoutMs: 400,
    deadlineMs: 15_000,
    ...extra,
  });
  const tokenRequests = (clientId = DAEMON) => idp.requestCount({ endpoint: 'token', clientId });
  const authenticate = async (bearerHeader: string) => {
    const authenticator = createBearerAuthenticator({
      tenantId: idp.tenantId,
      clientId: API,
      authorityHost: idp.authorityHost,
      allowedClients: [],
      logger: silentLogger,
      fetch: trustingFetch(ca),
    });
    return authenticator.authenticate(new Headers({ authorization: bearerHeader }));
  };

  before(async () => {
    idp = await startTestIdentityProvider('token-provider-');
    ca = await readFile(idp.caCertPath, 'utf8');
  });
  after(() => idp.stop());

  it('gets a v1 token with Orders.Read for the client secret, which the API accepts', async () => {
    const provider = createTokenProvider(settings(), deps());
    const lease = await provider.getToken();
    const { aud, iss, appid, appidacr, roles, tid, ver, idtyp } = claimsOf(lease.bearerHeader());
    assert.deepEqual(
      { aud, iss, appid, appidacr, roles, tid, ver, idtyp },
      {
        aud: `api://${API}`,
        iss: `${idp.authorityHost}/${idp.tenantId}/`,
        appid: DAEMON,
        appidacr: '1',
        roles: ['Orders.Read'],
        tid: idp.tenantId,
        ver: '1.0',
        idtyp: 'app',
      },
    );
    assert.deepEqual(provider.describe(), {
      mode: 'client-secret',
      scope: `api://${API}/.default`,
      clientId: DAEMON,
      tenantId: idp.tenantId,
      authorityHost: idp.authorityHost,
    });
    const outcome = await authenticate(lease.bearerHeader());
    assert.deepEqual(outcome, {
      ok: true,
      caller: {
        appId: DAEMON,
        objectId: '77411475-7cb9-4ab9-a7fe-86db17d1ef11',
        tokenVersion: '1.0',
      },
    });
  });

  it('gets a token with the certificate credential (PS256 assertion)', async () => {
    const provider = createTokenProvider(
      settings({
        AZURE_CLIENT_SECRET: '',
        AZURE_CLIENT_CERTIFICATE_PATH: idp.clientCertificatePaths.get(DAEMON) ?? '',
      }),
      deps(),
    );
    assert.equal(provider.describe().mode, 'client-certificate');
    const claims = claimsOf((await provider.getToken()).bearerHeader());
    assert.deepEqual([claims.appid, claims.appidacr], [DAEMON, '2']);
  });

  it('gives a client without an assignment a role-less token that the API refuses with 403', async () => {
    const provider = createTokenProvider(
      settings({
        AZURE_CLIENT_ID: UNASSIGNED,
        AZURE_CLIENT_SECRET: 'local-only-FAKE-secret-unassigned',
      }),
      deps(),
    );
    const lease = await provider.getToken();
    assert.equal('roles' in claimsOf(lease.bearerHeader()), false);
    const outcome = await authenticate(lease.bearerHeader());
    assert.equal(outcome.ok, false);
    assert.equal(outcome.ok ? 0 : outcome.response.status, 403);
  });

  it('merges 50 concurrent cold calls into one token request and serves repeats from the lease', async () => {
    const requestsBefore = tokenRequests();
    const provider = createTokenProvider(settings(), deps());
    const leases = await Promise.all(Array.from({ length: 50 }, () => provider.getToken()));
    assert.equal(new Set(leases).size, 1);
    for (let i = 0; i < 100; i++) await provider.getToken();
    assert.equal(tokenRequests() - requestsBefore, 1);
  });

  it('gets a new token from the endpoint once the lease is near expiry', async () => {
    let clock = Date.now();
    const provider = createTokenProvider(settings(), deps({ now: () => clock }));
    const first = await provider.getToken();
    const requestsBefore = tokenRequests();
    clock = first.expiresOn - 30_000;
    const second = await Promise.all(Array.from({ length: 10 }, () => provider.getToken()));
    assert.equal(tokenRequests() - requestsBefore, 1);
    assert.notEqual(second[0]?.fingerprint, first.fingerprint);
  });

  it('fails at once, naming AZURE_CLIENT_SECRET, when the secret is wrong', async () => {
    const requestsBefore = tokenRequests();
    const provider = createTokenProvider(settings({ AZURE_CLIENT_SECRET: 'wrong-secret' }), deps());
    const error = await provider.getToken().then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TokenAcquisitionError);
    assert.deepEqual(
      [error.code, error.retryable, error.status],
      ['ERR_TOKEN_CLIENT_SECRET', false, 401],
    );
    assert.equal(
      error.message,
      `Could not get a token for api://${API}/.default as client ${DAEMON}: AZURE_CLIENT_SECRET is wrong or ` +
        "expired; use the secret's value (not its id) from the app registration. The service said: " +
        'AADSTS7000215: Invalid client secret provided.',
    );
    assert.equal(tokenRequests() - requestsBefore, 1);
  });

  it('fails at once, naming AZURE_TENANT_ID, for a tenant the authority does not know', async () => {
    const notices: RetryNotice[] = [];
    const logger = captureLogger();
    const provider = createTokenProvider(
      settings({ AZURE_TENANT_ID: '0badc0de-0000-4000-8000-000000000000' }),
      deps({ logger, onRetry: (n) => notices.push(n) }),
    );
    const error = await provider.getToken().then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TokenAcquisitionError);
    assert.deepEqual(
      [error.code, error.retryable, error.fatal, error.status],
      ['ERR_TOKEN_TENANT_NOT_FOUND', false, true, 400],
    );
    assert.equal(
      error.message,
      `Could not get a token for api://${API}/.default as client ${DAEMON}: tenant ` +
        `0badc0de-0000-4000-8000-000000000000 does not exist at ${idp.authorityHost} (AADSTS90002); check AZURE_TENANT_ID.`,
    );
    assert.deepEqual(notices, [], 'not retried');
    assert.ok(!logger.lines.some((line) => line.includes('identity request failed')));
  });

  it('retries an identity provider that refuses connections, saying so, then names AZURE_AUTHORITY_HOST', async () => {
    const port = await closedPort();
    const notices: RetryNotice[] = [];
    const provider = createTokenProvider(
      settings({ AZURE_AUTHORITY_HOST: `https://127.0.0.1:${port}` }),
      deps({ onRetry: (n) => notices.push(n) }),
    );
    const error = await provider.getToken().then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TokenAcquisitionError);
    assert.deepEqual(
      [error.code, error.retryable, error.fatal],
      ['ERR_TOKEN_AUTHORITY_UNREACHABLE', true, false],
    );
    assert.match(
      error.message,
      new RegExp(
        `connection refused at https://127\\.0\\.0\\.1:${port}/${idp.tenantId}/v2\\.0/\\.well-known/openid-configuration: ` +
          'no identity provider listens there; check AZURE_AUTHORITY_HOST',
      ),
    );
    assert.deepEqual(
      notices.map((n) => [n.code, n.attempt]),
      [
        ['ERR_TOKEN_AUTHORITY_UNREACHABLE', 1],
        ['ERR_TOKEN_AUTHORITY_UNREACHABLE', 2],
        ['ERR_TOKEN_AUTHORITY_UNREACHABLE', 3],
      ],
    );
  });

  it('fails at once, naming ORDERS_API_SCOPE, for a scope of an unknown resource', async () => {
    const provider = createTokenProvider(
      settings({ ORDERS_API_SCOPE: 'api://not-the-orders-api/.default' }),
      deps(),
    );
    await assert.rejects(provider.getToken(), {
      name: 'TokenAcquisitionError',
      code: 'ERR_TOKEN_SCOPE',
      retryable: false,
      status: 400,
    });
  });

  it('retries 500s and a reset connection, then succeeds', async () => {
    const provider = createTokenProvider(settings(), deps());
    const requestsBefore = tokenRequests();
    idp.injectFault({ endpoint: 'token', fault: { kind: 'status', status: 500 }, times: 2 });
    idp.injectFault({ endpoint: 'token', fault: { kind: 'reset' } });
    const lease = await provider.getToken();
    assert.equal(claimsOf(lease.bearerHeader()).appid, DAEMON);
    assert.equal(tokenRequests() - requestsBefore, 4);
  });

  it('waits for Retry-After after a 429, then succeeds', async () => {
    const logger = captureLogger();
    const provider = createTokenProvider(settings(), deps({ logger }));
    const requestsBefore = tokenRequests();
    idp.injectFault({
      endpoint: 'token',
      fault: { kind: 'status', status: 429, retryAfterSeconds: 1 },
    });
    const lease = await provider.getToken();
    assert.equal(claimsOf(lease.bearerHeader()).appid, DAEMON);
    assert.equal(tokenRequests() - requestsBefore, 2);
    assert.match(logger.lines[0] ?? '', /^warn identity request failed .*"status":429/);
  });

  it('gives up on a slow answer after the attempt timeout and retries', async () => {
    const provider = createTokenProvider(settings(), deps());
    const requestsBefore = tokenRequests();
    idp.injectFault({ endpoint: 'token', fault: { kind: 'delay', delayMs: 3_000 } });
    const lease = await provider.getToken();
    assert.equal(claimsOf(lease.bearerHeader()).appid, DAEMON);
    assert.equal(tokenRequests() - requestsBefore, 1 + 1);
  });

  it('fails with a retryable ERR_TOKEN_UNAVAILABLE when the endpoint keeps failing', async () => {
    const provider = createTokenProvider(settings(), deps());
    const requestsBefore = tokenRequests();
    idp.injectFault({ endpoint: 'token', fault: { kind: 'status', status: 503 }, times: 4 });
    await assert.rejects(provider.getToken(), {
      code: 'ERR_TOKEN_UNAVAILABLE',
      retryable: true,
      status: 503,
    });
    assert.equal(tokenRequests() - requestsBefore, 4);
    idp.clearFaults();
  });

  it('never puts the token or the secret in logs, errors or serialized leases', async () => {
    const logger = captureLogger();
    const provider = createTokenProvider(settings(), deps({ logger }));
    const lease = await provider.getToken();
    const token = lease.bearerHeader().slice('Bearer '.length);
    const failing = createTokenProvider(
      settings({ AZURE_CLIENT_SECRET: 'wrong-secret-value' }),
      deps({ logger }),
    );
    const error = await failing.getToken().catch((e: unknown) => e);
    const shown = [
      ...logger.lines,
      JSON.stringify(lease),
      JSON.stringify({ lease }),
      inspect(lease, { showHidden: true, depth: 5 }),
      String(lease),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
    ].join('\n');
    assert.ok(logger.lines.some((line) => line.includes(lease.fingerprint)));
    for (const secret of [token, token.split('.')[2] ?? '', DAEMON_SECRET, 'wrong-secret-value']) {
      assert.equal(shown.includes(secret), false);
    }
    assert.deepEqual(Object.keys(lease), ['expiresOn', 'refreshAt', 'fromCache', 'fingerprint']);
  });

  it('works from process.env alone in a fresh process that trusts the issuer via NODE_EXTRA_CA_CERTS', async () => {
    const result = await runTokenChild({
      NODE_EXTRA_CA_CERTS: idp.caCertPath,
      ORDERS_API_CREDENTIAL: 'client-certificate',
      AZURE_AUTHORITY_HOST: idp.authorityHost,
      AZURE_TENANT_ID: idp.tenantId,
      AZURE_CLIENT_ID: DAEMON,
      AZURE_CLIENT_CERTIFICATE_PATH: idp.clientCertificatePaths.get(DAEMON) ?? '',
      ORDERS_API_SCOPE: `api://${API}/.default`,
      TEST_API_CLIENT_ID: API,
      TEST_TENANT_ID: idp.tenantId,
      TEST_AUTHORITY_HOST: idp.authorityHost,
    });
    assert.deepEqual(
      [result.claims?.appid, result.claims?.appidacr, result.api],
      [DAEMON, '2', { ok: true }],
    );
  });
});
