import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { HttpResponseInit } from '@azure/functions';

import {
  createBearerAuthenticator,
  type BearerAuthenticatorOptions,
} from '../../../server-app/auth/createBearerAuthenticator.js';
import type { AuthOutcome } from '../../../server-app/auth/RequestAuthenticator.js';
import { startTestIssuer, type TestIssuer } from '../../support/testIssuer.js';

const TENANT = '7d3f6a1e-2b4c-4e5f-9a8b-1c2d3e4f5a6b';
const OTHER_TENANT = '0f1e2d3c-4b5a-4968-8776-655443322110';
const API = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const CALLER = 'c0ffee00-1234-4abc-8def-0123456789ab';
const OTHER_CALLER = 'deadbeef-1234-4abc-8def-0123456789ab';
const CALLER_OID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const GRAPH = '00000003-0000-0000-c000-000000000000';

const START_MS = Date.UTC(2027, 0, 1);
const NOW = START_MS / 1000;

const CHALLENGE = 'Bearer realm="orders-api"';
const INVALID_REQUEST = 'Bearer realm="orders-api", error="invalid_request"';
const INVALID_TOKEN = 'Bearer realm="orders-api", error="invalid_token"';
const INSUFFICIENT_SCOPE = 'Bearer realm="orders-api", error="insufficient_scope"';

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly properties: Readonly<Record<string, unknown>> | undefined;
}

/** An authenticator against `issuer` with a settable clock and a captured log. */
function setUp(issuer: TestIssuer, options: Partial<BearerAuthenticatorOptions> = {}) {
  const logs: LogLine[] = [];
  const capture = (level: string) => (message: string, properties?: Record<string, unknown>) => {
    logs.push({ level, message, properties });
  };
  const clock = { ms: START_MS };
  const authenticator = createBearerAuthenticator({
    tenantId: TENANT,
    clientId: API,
    authorityHost: issuer.authorityHost,
    allowedClients: [CALLER],
    logger: { info: capture('info'), warn: capture('warn'), error: capture('error') },
    now: () => clock.ms,
    ...options,
  });
  return { authenticator, logs, clock };
}

function v2Claims(issuer: TestIssuer, overrides: Record<string, unknown> = {}) {
  return withoutUndefined({
    aud: API,
    iss: issuer.v2Issuer,
    iat: NOW - 300,
    nbf: NOW - 300,
    exp: NOW + 3600,
    tid: TENANT,
    ver: '2.0',
    azp: CALLER,
    azpacr: '2',
    oid: CALLER_OID,
    sub: CALLER_OID,
    roles: ['Orders.Read'],
    idtyp: 'app',
    uti: 'Q2FsbGVyVXRp',
    ...overrides,
  });
}

function v1Claims(issuer: TestIssuer, overrides: Record<string, unknown> = {}) {
  return withoutUndefined({
    ...v2Claims(issuer),
    aud: `api://${API}`,
    iss: issuer.v1Issuer,
    ver: '1.0',
    azp: undefined,
    azpacr: undefined,
    appid: CALLER,
    appidacr: '2',
    ...overrides,
  });
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` });

function assertRefused(
  outcome: AuthOutcome,
  expected: { status: number; challenge?: string; retryAfter?: string },
): HttpResponseInit {
  assert.equal(outcome.ok, false, 'expected a refusal');
  if (outcome.ok) throw new Error('unreachable');
  const { response } = outcome;
  const headers = response.headers as Record<string, string>;
  assert.equal(response.status, expected.status);
  assert.equal(headers['WWW-Authenticate'], expected.challenge);
  assert.equal(headers['Retry-After'], expected.retryAfter);
  assert.equal(headers['Cache-Control'], 'no-store');
  assert.equal(headers['Content-Type'], 'application/problem+json');
  return response;
}

const lastCode = (logs: readonly LogLine[]) => logs.at(-1)?.properties?.['code'];

describe('createBearerAuthenticator', () => {
  let issuer: TestIssuer;

  before(async () => {
    issuer = await startTestIssuer(TENANT);
  });
  after(() => issuer.close());

  describe('accepts', () => {
    it('a v2.0 app-only token, naming the caller from azp and oid', async () => {
      const { authenticator, logs } = setUp(issuer);
      const outcome = await authenticator.authenticate(bearer(await issuer.sign(v2Claims(issuer))));
      assert.deepEqual(outcome, {
        ok: true,
        caller: { appId: CALLER, objectId: CALLER_OID, tokenVersion: '2.0' },
      });
      assert.deepEqual(logs, []);
    });

    it('a v1.0 app-only token (sts.windows.net issuer, api:// audience, appid)', async () => {
      const { authenticator } = setUp(issuer);
      const outcome = await authenticator.authenticate(bearer(await issuer.sign(v1Claims(issuer))));
      assert.deepEqual(outcome, {
        ok: true,
        caller: { appId: CALLER, objectId: CALLER_OID, tokenVersion: '1.0' },
      });
    });

    it('the scheme in any case (RFC 7235: case-insensitive)', async () => {
      const { authenticator } = setUp(issuer);
      const token = await issuer.sign(v2Claims(issuer));
      for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
        const outcome = await authenticator.authenticate(
          new Headers({ authorization: `${scheme} ${token}` }),
        );
        assert.equal(outcome.ok, true, scheme);
      }
    });

    it('a token without idtyp unless requireIdtyp', async () => {
      const token = await issuer.sign(v2Claims(issuer, { idtyp: undefined }));
      assert.equal((await setUp(issuer).authenticator.authenticate(bearer(token))).ok, true);
      const strict = setUp(issuer, { requireIdtyp: true });
      assertRefused(await strict.authenticator.authenticate(bearer(token)), {
        status: 403,
        challenge: INSUFFICIENT_SCOPE,
      });
      assert.equal(lastCode(strict.logs), 'ERR_IDTYP_NOT_APP');
    });

    it('any caller of the tenant when allowedClients is empty', async () => {
      const { authenticator } = setUp(issuer, { allowedClients: [] });
      const token = await issuer.sign(v2Claims(issuer, { azp: OTHER_CALLER }));
      const outcome = await authenticator.authenticate(bearer(token));
      assert.deepEqual(outcome, {
        ok: true,
        caller: { appId: OTHER_CALLER, objectId: CALLER_OID, tokenVersion: '2.0' },
      });
    });

    it('nbf and iat within the clock tolerance, and a key without an issuer member', async () => {
      const { authenticator } = setUp(issuer, { clockToleranceSeconds: 120 });
      const plain = issuer.createKey({ issuer: null });
      issuer.publishKeys([issuer.currentKey, plain]);
      try {
        const token = await issuer.sign(v2Claims(issuer, { nbf: NOW + 100, iat: NOW + 100 }), {
          key: plain,
        });
        assert.equal((await authenticator.authenticate(bearer(token))).ok, true);
      } finally {
        issuer.publishKeys([issuer.currentKey]);
      }
    });

    it('ignores X-MS-CLIENT-PRINCIPAL: only the bearer token decides', async () => {
      const { authenticator } = setUp(issuer);
      const principal = Buffer.from(
        JSON.stringify({
          auth_typ: 'aad',
          claims: [
            { typ: 'roles', val: 'Orders.Read' },
            { typ: 'appid', val: CALLER },
          ],
          name_typ: 'name',
          role_typ: 'roles',
        }),
      ).toString('base64');
      assertRefused(
        await authenticator.authenticate(new Headers({ 'x-ms-client-principal': principal })),
        { status: 401, challenge: CHALLENGE },
      );
      const roleless = await issuer.sign(v2Claims(issuer, { roles: undefined }));
      const headers = bearer(roleless);
      headers.set('x-ms-client-principal', principal);
      assertRefused(await authenticator.authenticate(headers), {
        status: 403,
        challenge: INSUFFICIENT_SCOPE,
      });
    });
  });
});
