import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { SignJWT, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

import { findRepoRoot } from '../../../shared/findRepoRoot.js';
import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';
import {
  API,
  DAEMON,
  daemonSecretForm,
  SYSTEM_MI,
  TENANT,
  UNASSIGNED,
  USER_MI,
} from '../../support/localTenant.js';
import { startTestIdentityProvider } from '../../support/startTestIdentityProvider.js';
import { httpsJson } from './httpsJson.js';
import { readClientAssertionKey } from './readClientAssertionKey.js';

const SCOPE = `api://${API}/.default`;

/** Claims that change with every token; the tests compare the rest as a whole. */
function stable(claims: Record<string, unknown>) {
  const { aio, rh, uti, iat, nbf, exp, ...rest } = claims;
  assert.equal(typeof aio, 'string');
  assert.equal(typeof rh, 'string');
  assert.equal(typeof uti, 'string');
  assert.equal(nbf, iat);
  return { ...rest, lifetime: Number(exp) - Number(iat) };
}

describe('startIdentityProvider', () => {
  let provider: RunningIdentityProvider;
  let ca: string;
  let tokenUrl: string;

  const verify = async (token: string, issuer: string) => {
    const keys = await httpsJson(`${provider.authorityHost}/${TENANT}/discovery/v2.0/keys`, { ca });
    const jwks = createLocalJWKSet(keys.body as { keys: [] });
    const { payload } = await jwtVerify(token, jwks, { algorithms: ['RS256'], issuer });
    return payload as Record<string, unknown>;
  };
  const getMiToken = async (query: Record<string, string>, header = provider.identityHeader) => {
    const url = new URL(provider.identityEndpoint);
    for (const [k, v] of Object.entries({ 'api-version': '2019-08-01', ...query })) {
      url.searchParams.set(k, v);
    }
    const response = await fetch(url, { headers: { 'X-IDENTITY-HEADER': header } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    provider = await startTestIdentityProvider('identity-test-');
    ca = await readFile(provider.caCertPath, 'utf8');
    tokenUrl = `${provider.authorityHost}/${TENANT}/oauth2/v2.0/token`;
  });
  after(() => provider.stop());

  it('serves the v2 and v1 discovery documents with Entra issuers', async () => {
    const v2 = await httpsJson(
      `${provider.authorityHost}/${TENANT}/v2.0/.well-known/openid-configuration`,
      { ca },
    );
    const v1 = await httpsJson(
      `${provider.authorityHost}/${TENANT}/.well-known/openid-configuration`,
      { ca },
    );
    assert.equal(v2.status, 200);
    assert.equal(v2.body.issuer, `${provider.authorityHost}/${TENANT}/v2.0`);
    assert.equal(v2.body.token_endpoint, tokenUrl);
    assert.equal(v2.body.jwks_uri, `${provider.authorityHost}/${TENANT}/discovery/v2.0/keys`);
    assert.equal(v1.body.issuer, `${provider.authorityHost}/${TENANT}/`);
  });

  it('serves RS256 keys with kid and use but no alg', async () => {
    const { body } = await httpsJson(`${provider.authorityHost}/${TENANT}/discovery/v2.0/keys`, {
      ca,
    });
    const keys = body.keys as Record<string, unknown>[];
    assert.equal(keys.length, 1);
    assert.deepEqual(Object.keys(keys[0] ?? {}).sort(), ['e', 'kid', 'kty', 'n', 'use']);
    assert.equal(keys[0]?.kty, 'RSA');
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const response = await httpsJson(
      `${provider.authorityHost}/common/v2.0/.well-known/openid-configuration`,
      { ca },
    );
    assert.equal(response.status, 400);
    assert.equal(response.body.error, 'invalid_tenant');
    assert.deepEqual(response.body.error_codes, [90002]);
  });

  it('issues a v1 app token with roles for a client secret', async () => {
    const response = await httpsJson(tokenUrl, {
      ca,
      form: daemonSecretForm(SCOPE),
    });
    assert.equal(response.status, 200);
    assert.deepEqual(
      { ...response.body, access_token: typeof response.body.access_token },
      { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'string' },
    );
    const token = String(response.body.access_token);
    const claims = await verify(token, `${provider.authorityHost}/${TENANT}/`);
    assert.deepEqual(stable(claims), {
      aud: `api://${API}`,
      iss: `${provider.authorityHost}/${TENANT}/`,
      appid: DAEMON,
      appidacr: '1',
      idp: `${provider.authorityHost}/${TENANT}/`,
      idtyp: 'app',
      oid: '77411475-7cb9-4ab9-a7fe-86db17d1ef11',
      roles: ['Orders.Read'],
      sub: '77411475-7cb9-4ab9-a7fe-86db17d1ef11',
      tid: TENANT,
      ver: '1.0',
      lifetime: 3599,
    });
    const header = decodeProtectedHeader(token);
    assert.equal(header.x5t, header.kid);
  });

  it('issues a token without roles to a client without an assignment', async () => {
    const response = await httpsJson(tokenUrl, {
      ca,
      form: {
        grant_type: 'client_credentials',
        client_id: UNASSIGNED,
        client_secret: 'local-only-FAKE-secret-unassigned',
        scope: SCOPE,
      },
    });
    const claims = await verify(
      String(response.body.access_token),
      `${provider.authorityHost}/${TENANT}/`,
    );
    assert.equal(claims.appid, UNASSIGNED);
    assert.equal('roles' in claims, false);
  });

  it('accepts a PS256 certificate assertion signed by the registered certificate', async () => {
    const { key, x5tS256 } = await readClientAssertionKey(provider, DAEMON);
    const sign = (audience: string) =>
      new SignJWT({ jti: crypto.randomUUID() })
        .setProtectedHeader({
          alg: 'PS256',
          'x5t#S256': x5tS256,
        })
        .setIssuer(DAEMON)
        .setSubject(DAEMON)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key);
    const form = (assertion: string) => ({
      grant_type: 'client_credentials',
      client_id: DAEMON,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      scope: SCOPE,
    });

    const ok = await httpsJson(tokenUrl, { ca, form: form(await sign(tokenUrl)) });
    const claims = await verify(
      String(ok.body.access_token),
      `${provider.authorityHost}/${TENANT}/`,
    );
    assert.equal(claims.appidacr, '2');

    const wrongAudience = await httpsJson(tokenUrl, {
      ca,
      form: form(await sign('https://elsewhere.example/token')),
    });
    assert.equal(wrongAudience.status, 401);
    assert.equal(wrongAudience.body.error, 'invalid_client');
    assert.deepEqual(wrongAudience.body.error_codes, [700027]);
  });

  it('refuses bad requests with Entra error codes', async () => {
    const cases: [Record<string, string>, number, string, number][] = [
      [{ client_secret: 'wrong' }, 401, 'invalid_client', 7000215],
      [{ client_id: '11111111-1111-1111-1111-111111111111' }, 400, 'unauthorized_client', 700016],
      [{ scope: `api://${API}/Orders.Read` }, 400, 'invalid_scope', 1002012],
      [{ scope: 'api://unknown/.default' }, 400, 'invalid_resource', 500011],
      [{ grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
    ];
    for (const [override, status, error, code] of cases) {
      const response = await httpsJson(tokenUrl, {
        ca,
        form: { ...daemonSecretForm(SCOPE), ...override },
      });
      assert.deepEqual(
        [response.status, response.body.error, response.body.error_codes],
        [status, error, [code]],
        JSON.stringify(override),
      );
      assert.match(String(response.body.error_description), new RegExp(`^AADSTS${code}: `));
    }
  });

  it('issues managed-identity tokens with expires_on for system- and user-assigned identities', async () => {
    const before = Math.floor(Date.now() / 1000);
    const system = await getMiToken({ resource: `api://${API}` });
    assert.equal(system.status, 200);
    assert.equal(system.body.resource, `api://${API}`);
    assert.ok(Number(system.body.expires_on) >= before + 86_700);
    const claims = await verify(
      String(system.body.access_token),
      `${provider.authorityHost}/${TENANT}/`,
    );
    assert.deepEqual(stable(claims), {
      aud: `api://${API}`,
      iss: `${provider.authorityHost}/${TENANT}/`,
      appid: SYSTEM_MI,
      appidacr: '2',
      idp: `${provider.authorityHost}/${TENANT}/`,
      idtyp: 'app',
      oid: '2b9711c7-a3fb-4df2-afd6-fadc082a6645',
      roles: ['Orders.Read'],
      sub: '2b9711c7-a3fb-4df2-afd6-fadc082a6645',
      tid: TENANT,
      ver: '1.0',
      lifetime: 86_700,
    });

    const user = await getMiToken({ resource: `api://${API}`, client_id: USER_MI });
    const userClaims = await verify(
      String(user.body.access_token),
      `${provider.authorityHost}/${TENANT}/`,
    );
    assert.equal(userClaims.appid, USER_MI);
    const byObjectId = await getMiToken({
      resource: `api://${API}`,
      object_id: 'a228aa2c-b673-4e2d-9bed-3e1956675b7d',
    });
    assert.equal(byObjectId.body.client_id, USER_MI);
    const byResourceId = await getMiToken({
      resource: `api://${API}`,
      mi_res_id: '/subscriptions/x',
    });
    assert.equal(byResourceId.status, 400);
  });

  it('refuses managed-identity requests with a wrong header or unknown identity', async () => {
    const wrongHeader = await getMiToken({ resource: `api://${API}` }, 'nope');
    assert.equal(wrongHeader.status, 401);
    const unknown = await getMiToken({
      resource: `api://${API}`,
      client_id: '11111111-1111-1111-1111-111111111111',
    });
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.body.message), /No MSI found/);
  });

  it('applies injected faults the given number of times, then behaves', async () => {
    provider.injectFault({
      endpoint: 'managedIdentity',
      fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
      times: 2,
    });
    const first = await fetch(
      `${provider.identityEndpoint}?api-version=2019-08-01&resource=api://${API}`,
      { headers: { 'X-IDENTITY-HEADER': provider.identityHeader } },
    );
    assert.deepEqual([first.status, first.headers.get('retry-after')], [429, '7']);
    assert.equal((await getMiToken({ resource: `api://${API}` })).status, 429);
    assert.equal((await getMiToken({ resource: `api://${API}` })).status, 200);

    provider.injectFault({ endpoint: 'token', fault: { kind: 'reset' } });
    await assert.rejects(
      httpsJson(tokenUrl, { ca, form: { grant_type: 'client_credentials' } }),
      /socket hang up|ECONNRESET/,
    );
  });

  it('counts requests per endpoint, principal and resource', async () => {
    const counted = {
      endpoint: 'managedIdentity',
      clientId: USER_MI,
      resource: 'api://x',
    } as const;
    const beforeCount = provider.requestCount(counted);
    await getMiToken({ resource: 'api://x', client_id: USER_MI });
    assert.equal(provider.requestCount(counted), beforeCount + 1);
    assert.equal(provider.requestCount({ ...counted, status: 400 }), beforeCount + 1);
  });
});

describe('startIdentityProvider with a v2 API requiring assignment', () => {
  let provider: RunningIdentityProvider;
  let ca: string;

  before(async () => {
    provider = await startTestIdentityProvider('identity-v2-', async (dir) => {
      const source = JSON.parse(
        await readFile(
          path.join(findRepoRoot(import.meta.url), 'local/identity/tenant.json'),
          'utf8',
        ),
      ) as { api: Record<string, unknown> };
      source.api.accessTokenAcceptedVersion = 2;
      source.api.appRoleAssignmentRequired = true;
      await writeFile(path.join(dir, 'tenant.json'), JSON.stringify(source));
      return { configPath: path.join(dir, 'tenant.json') };
    });
    ca = await readFile(provider.caCertPath, 'utf8');
  });
  after(() => provider.stop());

  it('issues v2 tokens with the API client id as audience and azp', async () => {
    const response = await httpsJson(`${provider.authorityHost}/${TENANT}/oauth2/v2.0/token`, {
      ca,
      form: daemonSecretForm(SCOPE),
    });
    const payload = JSON.parse(
      Buffer.from(String(response.body.access_token).split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    assert.deepEqual(stable(payload), {
      aud: API,
      iss: `${provider.authorityHost}/${TENANT}/v2.0`,
      azp: DAEMON,
      azpacr: '1',
      idp: `${provider.authorityHost}/${TENANT}/`,
      idtyp: 'app',
      oid: '77411475-7cb9-4ab9-a7fe-86db17d1ef11',
      roles: ['Orders.Read'],
      sub: '77411475-7cb9-4ab9-a7fe-86db17d1ef11',
      tid: TENANT,
      ver: '2.0',
      lifetime: 3599,
    });
  });

  it('refuses a client without an assignment with AADSTS501051', async () => {
    const response = await httpsJson(`${provider.authorityHost}/${TENANT}/oauth2/v2.0/token`, {
      ca,
      form: {
        grant_type: 'client_credentials',
        client_id: UNASSIGNED,
        client_secret: 'local-only-FAKE-secret-unassigned',
        scope: SCOPE,
      },
    });
    assert.deepEqual(
      [response.status, response.body.error, response.body.error_codes],
      [400, 'invalid_grant', [501051]],
    );
  });
});
