/**
 * The startup check against the local identity provider (Entra's answers, over https): a wrong
 * tenant is named with the setting to fix, and the 503s that follow say TENANT_NOT_FOUND.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Agent, fetch as undiciFetch } from 'undici';

import { createBearerAuthenticator } from '../../server-app/auth/createBearerAuthenticator.js';
import { checkIssuerAtStartup } from '../../server-app/checkIssuerAtStartup.js';
import {
  startIdentityProvider,
  type RunningIdentityProvider,
} from '../../local/identity/startIdentityProvider.js';
import {
  assertRefused,
  bearer,
  INVALID_TOKEN,
  type LogLine,
} from '../support/bearerAuthFixtures.js';
import { captureLogger } from './http/fakeDeps.js';

/**
 * Shaped like a token of the tenant (RS256, a `kid`), so that only the tenant's keys could judge
 * it: one that is not even a JWS is refused on its own (401) before any key is asked for.
 */
const RS256_SHAPED = [{ alg: 'RS256', kid: 'any', typ: 'JWT' }, {}]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
  .concat('c2ln')
  .join('.');

/** A GUID no tenant of the local identity provider has. */
const UNKNOWN_TENANT = '0badc0de-0000-4000-8000-000000000000';

let identity: RunningIdentityProvider;
let certDir: string;
let trustingFetch: typeof fetch;

before(async () => {
  certDir = await mkdtemp(path.join(tmpdir(), 'issuer-check-'));
  identity = await startIdentityProvider({ certDir });
  const agent = new Agent({ connect: { ca: await readFile(identity.caCertPath, 'utf8') } });
  // undici's own fetch, with the local CA trusted; its types differ from the global's only nominally.
  trustingFetch = ((input: string, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
});

after(async () => {
  await identity?.stop();
  await rm(certDir, { recursive: true, force: true });
});

function authenticatorFor(tenantId: string) {
  const logs = captureLogger();
  const authenticator = createBearerAuthenticator({
    tenantId,
    clientId: identity.tenant.api.clientId,
    authorityHost: identity.authorityHost,
    allowedClients: [],
    logger: logs,
    fetch: trustingFetch,
  });
  return { authenticator, logs };
}

const summary = (lines: readonly LogLine[]) =>
  lines.map((line) => [line.level, line.properties?.['code']]);

describe('checkIssuerAtStartup', () => {
  it('logs that the metadata and keys are loaded, and the first request needs no fetch', async () => {
    const { authenticator } = authenticatorFor(identity.tenantId);
    const startup = captureLogger();
    await checkIssuerAtStartup(
      authenticator,
      { tenantId: identity.tenantId, authorityHost: identity.authorityHost },
      startup,
    );
    assert.deepEqual(startup.entries, [
      {
        level: 'info',
        message: 'Startup check: the tenant’s OpenID metadata and signing keys are loaded',
        properties: {
          tenantId: identity.tenantId,
          authorityHost: identity.authorityHost,
          usableKeys: 1,
        },
      },
    ]);
  });

  it('names AZURE_TENANT_ID for a tenant that does not exist; requests then get 503 TENANT_NOT_FOUND', async () => {
    const { authenticator, logs } = authenticatorFor(UNKNOWN_TENANT);
    const startup = captureLogger();
    const settings = { tenantId: UNKNOWN_TENANT, authorityHost: identity.authorityHost };
    await checkIssuerAtStartup(authenticator, settings, startup);
    assert.equal(startup.entries.length, 1);
    const [line] = startup.entries;
    assert.equal(line?.level, 'error');
    assert.equal(
      line?.message,
      `Startup check: tenant ${UNKNOWN_TENANT} does not exist at ${identity.authorityHost}. ` +
        "Set AZURE_TENANT_ID to the tenant of the Orders API's app registration (and " +
        'AZURE_AUTHORITY_HOST to its cloud); until then every request is answered 503 with code TENANT_NOT_FOUND',
    );
    assert.equal(line?.properties?.['code'], 'ERR_TENANT_NOT_FOUND');
    assert.match(
      String(line?.properties?.['reason']),
      /answered HTTP 400 invalid_tenant \(AADSTS90002\)/,
    );
    assert.deepEqual(logs.entries, [], 'the check reports it once, itself');

    const response = assertRefused(await authenticator.authenticate(bearer(RS256_SHAPED)), {
      status: 503,
      retryAfter: '10',
    });
    assert.deepEqual(JSON.parse(response.body as string), {
      type: 'about:blank',
      status: 503,
      title: 'Token validation temporarily unavailable',
      detail:
        "The identity provider does not know the server's tenant: the server is misconfigured. Retrying will not help until it is fixed.",
      code: 'TENANT_NOT_FOUND',
    });
    // What no key could make valid is refused as such, without asking the tenant.
    const outcome = await authenticator.authenticate(bearer('a.b.c'));
    assertRefused(outcome, { status: 401, challenge: INVALID_TOKEN });
  });

  it('never throws, and reports an unreachable identity provider as such', async () => {
    const authenticator = createBearerAuthenticator({
      tenantId: identity.tenantId,
      clientId: identity.tenant.api.clientId,
      authorityHost: 'http://127.0.0.1:9',
      allowedClients: [],
      logger: captureLogger(),
    });
    const startup = captureLogger();
    await checkIssuerAtStartup(
      authenticator,
      { tenantId: identity.tenantId, authorityHost: 'http://127.0.0.1:9' },
      startup,
    );
    assert.deepEqual(summary(startup.entries), [['error', 'ERR_METADATA_UNAVAILABLE']]);
  });
});
