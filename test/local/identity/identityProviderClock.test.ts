import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { SignJWT, createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';

import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';
import { API, DAEMON, daemonSecretForm, TENANT } from '../../support/localTenant.js';
import { startTestIdentityProvider } from '../../support/startTestIdentityProvider.js';
import { httpsJson } from './httpsJson.js';
import { readClientAssertionKey } from './readClientAssertionKey.js';

const VIRTUAL_NOW = Date.UTC(2026, 6, 1, 10, 0, 0);

describe('startIdentityProvider: now and rotateSigningKey', () => {
  let provider: RunningIdentityProvider;
  let ca: string;
  let now = VIRTUAL_NOW;

  const token = async () => {
    const response = await httpsJson(`${provider.authorityHost}/${TENANT}/oauth2/v2.0/token`, {
      ca,
      form: daemonSecretForm(`api://${API}/.default`),
    });
    assert.equal(response.status, 200);
    return String(response.body.access_token);
  };
  const keySet = async () =>
    (await httpsJson(`${provider.authorityHost}/${TENANT}/discovery/v2.0/keys`, { ca })).body as {
      keys: { kid: string }[];
    };

  before(async () => {
    provider = await startTestIdentityProvider('identity-clock-test-', { now: () => now });
    ca = await readFile(provider.caCertPath, 'utf8');
  });
  after(() => provider.stop());

  it('issues tokens at the time its clock says', async () => {
    const claims = decodeJwt(await token());
    assert.equal(claims.iat, VIRTUAL_NOW / 1000);
    now += 86_400_000;
    assert.equal(decodeJwt(await token()).iat, (VIRTUAL_NOW + 86_400_000) / 1000);
  });

  it('signs with a new, published key after rotateSigningKey, keeping the old one listed', async () => {
    const before = decodeProtectedHeader(await token()).kid;
    const kid = await provider.rotateSigningKey();
    assert.notEqual(kid, before);
    const after = await token();
    assert.equal(decodeProtectedHeader(after).kid, kid);
    const keys = await keySet();
    assert.deepEqual(keys.keys.map((k) => k.kid).sort(), [before, kid].sort());
    const { payload } = await jwtVerify(
      after,
      createLocalJWKSet(keys as Parameters<typeof createLocalJWKSet>[0]),
      {
        algorithms: ['RS256'],
        currentDate: new Date(now),
      },
    );
    assert.equal(payload.aud, `api://${API}`);
  });

  it('judges client assertions at the time its clock says', async () => {
    const tokenUrl = `${provider.authorityHost}/${TENANT}/oauth2/v2.0/token`;
    const { key, x5tS256 } = await readClientAssertionKey(provider, DAEMON);
    const assertionAt = (at: number) =>
      new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({
          alg: 'PS256',
          'x5t#S256': x5tS256,
        })
        .setIssuer(DAEMON)
        .setSubject(DAEMON)
        .setAudience(tokenUrl)
        .setIssuedAt(Math.floor(at / 1000))
        .setNotBefore(Math.floor(at / 1000))
        .setExpirationTime(Math.floor(at / 1000) + 600)
        .sign(key);
    const request = async (assertion: string) =>
      httpsJson(tokenUrl, {
        ca,
        form: {
          grant_type: 'client_credentials',
          client_id: DAEMON,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
          scope: `api://${API}/.default`,
        },
      });

    assert.equal((await request(await assertionAt(now))).status, 200);
    const stale = await request(await assertionAt(now - 86_400_000));
    assert.equal(stale.status, 401);
    assert.deepEqual(stale.body.error_codes, [700024]);
  });
});
