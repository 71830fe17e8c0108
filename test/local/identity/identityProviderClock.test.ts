import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';

import {
  startIdentityProvider,
  type RunningIdentityProvider,
} from '../../../local/identity/startIdentityProvider.js';
import { httpsJson } from './httpsJson.js';

const TENANT = 'd06a47d6-28da-4cfb-b94e-b85a694580a3';
const API = '27991dac-f89f-4062-8147-2c3296fcdd42';
const DAEMON = 'bb845956-d451-4a24-af98-0439e4b08673';
const DAEMON_SECRET = 'local-only-FAKE-secret-orders-daemon';
const VIRTUAL_NOW = Date.UTC(2026, 6, 1, 10, 0, 0);

describe('startIdentityProvider: now and rotateSigningKey', () => {
  let provider: RunningIdentityProvider;
  let ca: string;
  let certDir: string;
  let now = VIRTUAL_NOW;

  const token = async () => {
    const response = await httpsJson(`${provider.authorityHost}/${TENANT}/oauth2/v2.0/token`, {
      ca,
      form: {
        grant_type: 'client_credentials',
        client_id: DAEMON,
        client_secret: DAEMON_SECRET,
        scope: `api://${API}/.default`,
      },
    });
    assert.equal(response.status, 200);
    return String(response.body.access_token);
  };
  const keySet = async () =>
    (await httpsJson(`${provider.authorityHost}/${TENANT}/discovery/v2.0/keys`, { ca })).body as {
      keys: { kid: string }[];
    };

  before(async () => {
    certDir = await mkdtemp(path.join(tmpdir(), 'identity-clock-test-'));
    provider = await startIdentityProvider({ certDir, now: () => now });
    ca = await readFile(provider.caCertPath, 'utf8');
  });
  after(async () => {
    await provider.stop();
    await rm(certDir, { recursive: true, force: true });
  });

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
});
