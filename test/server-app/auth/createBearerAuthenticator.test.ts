import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { HttpResponseInit } from '@azure/functions';

import {
  createBearerAuthenticator,
  type BearerAuthenticatorOptions,
} from '../../../server-app/auth/createBearerAuthenticator.js';
import type { AuthOutcome } from '../../../server-app/auth/RequestAuthenticator.js';
import {
  startTestIssuer,
  type SignOptions,
  type TestIssuer,
  type TestKey,
} from '../../support/testIssuer.js';

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

  describe('refuses', () => {
    interface Case {
      readonly name: string;
      /** The Authorization header values to send; none when empty. */
      readonly authorization: (issuer: TestIssuer) => Promise<readonly string[]>;
      readonly status: number;
      readonly challenge: string;
      readonly code: string;
    }
    const header =
      (...values: string[]) =>
      () =>
        Promise.resolve(values);
    const signed =
      (
        claims: (issuer: TestIssuer) => Record<string, unknown>,
        options: (issuer: TestIssuer) => SignOptions = () => ({}),
      ) =>
      async (issuer: TestIssuer) => [
        `Bearer ${await issuer.sign(claims(issuer), options(issuer))}`,
      ];
    const v2 = (overrides: Record<string, unknown>) => signed((i) => v2Claims(i, overrides));
    const v1 = (overrides: Record<string, unknown>) => signed((i) => v1Claims(i, overrides));
    const withOptions = (options: (issuer: TestIssuer) => SignOptions) =>
      signed((i) => v2Claims(i), options);
    const kind =
      (status: number, challenge: string) =>
      (name: string, code: string, authorization: Case['authorization']): Case => ({
        name,
        authorization,
        status,
        challenge,
        code,
      });
    const noCredentials = kind(401, CHALLENGE);
    const badRequest = kind(400, INVALID_REQUEST);
    const invalidToken = kind(401, INVALID_TOKEN);
    const forbidden = kind(403, INSUFFICIENT_SCOPE);

    const extraKeys = new Map<string, TestKey>();
    const published = (name: string): TestKey => {
      const key = extraKeys.get(name);
      if (key === undefined) throw new Error(`no extra key ${name}`);
      return key;
    };

    const cases: readonly Case[] = [
      // The header
      noCredentials('no Authorization header', 'ERR_NO_CREDENTIALS', header()),
      noCredentials('an empty Authorization header', 'ERR_NO_CREDENTIALS', header('')),
      noCredentials('a Basic credential', 'ERR_NOT_BEARER', header('Basic dXNlcjpwYXNz')),
      badRequest('"Bearer" without a token', 'ERR_HEADER_MALFORMED', header('Bearer')),
      badRequest('two spaces after Bearer', 'ERR_HEADER_MALFORMED', header('Bearer  a.b.c')),
      badRequest('a parameter after the token', 'ERR_HEADER_MALFORMED', header('Bearer a.b.c x=1')),
      badRequest('non-token68 characters', 'ERR_HEADER_MALFORMED', header('Bearer a.b"c;d')),
      badRequest('"=" inside the token', 'ERR_HEADER_MALFORMED', header('Bearer a=.b.c')),
      badRequest('two Authorization headers', 'ERR_HEADER_MULTIPLE', async (i) => {
        const token = await i.sign(v2Claims(i));
        return [`Bearer ${token}`, `Bearer ${token}`];
      }),
      badRequest('Basic and Bearer credentials', 'ERR_HEADER_MULTIPLE', async (i) => [
        'Basic dXNlcjpwYXNz',
        `Bearer ${await i.sign(v2Claims(i))}`,
      ]),
      invalidToken('16 KB of junk', 'ERR_TOKEN_TOO_LARGE', header(`Bearer ${'a'.repeat(16385)}`)),
      invalidToken(
        'a signed token over 16 KB',
        'ERR_TOKEN_TOO_LARGE',
        v2({ pad: 'x'.repeat(13e3) }),
      ),
      invalidToken('an opaque token', 'ERR_TOKEN_MALFORMED', header('Bearer not-a-jwt')),
      invalidToken('four segments', 'ERR_TOKEN_MALFORMED', async (i) => [
        `Bearer ${await i.sign(v2Claims(i))}.e30`,
      ]),
      invalidToken('a header that is not JSON', 'ERR_TOKEN_MALFORMED', async (i) => {
        const [, payload, signature] = (await i.sign(v2Claims(i))).split('.');
        return [`Bearer bm90LWpzb24.${payload}.${signature}`];
      }),
      // Algorithms and keys
      invalidToken(
        'alg none',
        'ERR_ALG_NOT_ALLOWED',
        withOptions(() => ({ alg: 'none' })),
      ),
      invalidToken(
        'HS256 keyed with the public key',
        'ERR_ALG_NOT_ALLOWED',
        withOptions((i) => ({
          alg: 'HS256',
          secret: Buffer.from(JSON.stringify(i.currentKey.publicJwk)),
        })),
      ),
      invalidToken(
        'PS256 by the genuine key',
        'ERR_ALG_NOT_ALLOWED',
        withOptions(() => ({ alg: 'PS256' })),
      ),
      invalidToken(
        'RS512 by the genuine key',
        'ERR_ALG_NOT_ALLOWED',
        withOptions(() => ({ alg: 'RS512' })),
      ),
      invalidToken(
        'a foreign key under the genuine kid',
        'ERR_SIGNATURE_INVALID',
        withOptions((i) => ({ key: i.createKey({ kid: i.currentKey.kid }) })),
      ),
      invalidToken('a tampered payload', 'ERR_SIGNATURE_INVALID', async (i) => {
        const [head, , signature] = (await i.sign(v2Claims(i, { roles: [] }))).split('.');
        const payload = Buffer.from(JSON.stringify(v2Claims(i))).toString('base64url');
        return [`Bearer ${head}.${payload}.${signature}`];
      }),
      invalidToken(
        'an unknown kid',
        'ERR_KID_UNKNOWN',
        withOptions((i) => ({ key: i.createKey() })),
      ),
      invalidToken(
        'no kid',
        'ERR_KID_MISSING',
        withOptions(() => ({ header: { kid: undefined } })),
      ),
      invalidToken(
        'a numeric kid',
        'ERR_KID_MISSING',
        withOptions(() => ({ header: { kid: 7 } })),
      ),
      invalidToken(
        'a path-traversal kid',
        'ERR_KID_UNKNOWN',
        withOptions(() => ({ header: { kid: '../../discovery/v2.0/keys' } })),
      ),
      invalidToken(
        'a jku naming an attacker key set',
        'ERR_KID_UNKNOWN',
        withOptions((i) => ({
          key: i.createKey({ kid: 'attacker' }),
          header: { jku: `${i.authorityHost}/attacker/keys` },
        })),
      ),
      invalidToken(
        'an x5u naming an attacker certificate',
        'ERR_KID_UNKNOWN',
        withOptions((i) => ({
          key: i.createKey({ kid: 'attacker' }),
          header: { x5u: 'https://attacker.example/cert.pem' },
        })),
      ),
      invalidToken(
        'an embedded jwk under the genuine kid',
        'ERR_SIGNATURE_INVALID',
        withOptions((i) => {
          const key = i.createKey({ kid: i.currentKey.kid });
          return { key, header: { jwk: key.publicJwk } };
        }),
      ),
      invalidToken(
        'an unknown crit extension',
        'ERR_TOKEN_MALFORMED',
        withOptions(() => ({ raw: true, header: { crit: ['urn:x:must'], 'urn:x:must': true } })),
      ),
      invalidToken(
        'typ at+jwt',
        'ERR_TYP_INVALID',
        withOptions(() => ({ header: { typ: 'at+jwt' } })),
      ),
      invalidToken(
        'no typ',
        'ERR_TYP_INVALID',
        withOptions(() => ({ header: { typ: undefined } })),
      ),
      invalidToken(
        'a published 1024-bit key',
        'ERR_KEY_TOO_SMALL',
        withOptions(() => ({ key: published('small') })),
      ),
      invalidToken(
        'a kid published twice',
        'ERR_KEY_AMBIGUOUS',
        withOptions(() => ({ key: published('twin') })),
      ),
      invalidToken(
        "a key whose issuer is another tenant's",
        'ERR_KEY_ISSUER_MISMATCH',
        withOptions(() => ({ key: published('foreign-issuer') })),
      ),
      // Audience, issuer, tenant, version
      invalidToken('a Graph audience', 'ERR_AUD_MISMATCH', v2({ aud: GRAPH })),
      invalidToken('an audience array holding ours', 'ERR_AUD_MISMATCH', v2({ aud: [API] })),
      invalidToken(
        'api:// audience on a v2 token',
        'ERR_AUD_MISMATCH',
        v2({ aud: `api://${API}` }),
      ),
      invalidToken('a GUID audience on a v1 token', 'ERR_AUD_MISMATCH', v1({ aud: API })),
      invalidToken('ver 1.0 under the v2 issuer', 'ERR_VER_MISMATCH', v2({ ver: '1.0' })),
      invalidToken('ver 2.0 under the v1 issuer', 'ERR_VER_MISMATCH', v1({ ver: '2.0' })),
      invalidToken('no ver', 'ERR_CLAIM_MISSING', v2({ ver: undefined })),
      invalidToken('another tenant in tid', 'ERR_TID_MISMATCH', v2({ tid: OTHER_TENANT })),
      invalidToken('no tid', 'ERR_CLAIM_MISSING', v2({ tid: undefined })),
      invalidToken(
        'another tenant in a v2 iss',
        'ERR_ISS_UNTRUSTED',
        v2({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }),
      ),
      invalidToken(
        'another tenant in a v1 iss',
        'ERR_ISS_UNTRUSTED',
        v1({ iss: `https://sts.windows.net/${OTHER_TENANT}/` }),
      ),
      invalidToken(
        'the templated issuer itself',
        'ERR_ISS_UNTRUSTED',
        v1({ iss: 'https://sts.windows.net/{tenantid}/' }),
      ),
      invalidToken(
        'no azp on a v2 token',
        'ERR_CLAIM_MISSING',
        v2({ azp: undefined, appid: CALLER }),
      ),
      invalidToken('a non-string oid', 'ERR_CLAIM_INVALID', v2({ oid: 42, sub: 42 })),
      // Times
      invalidToken('an expired token', 'ERR_EXPIRED', v2({ exp: NOW - 120 })),
      invalidToken('no exp', 'ERR_CLAIM_MISSING', v2({ exp: undefined })),
      invalidToken('a string exp', 'ERR_CLAIM_INVALID', v2({ exp: String(NOW + 3600) })),
      invalidToken('no iat', 'ERR_CLAIM_MISSING', v2({ iat: undefined })),
      invalidToken('iat in the future', 'ERR_IAT_INVALID', v2({ iat: NOW + 600 })),
      invalidToken('iat older than 25 h', 'ERR_IAT_INVALID', v2({ iat: NOW - 26 * 3600 })),
      invalidToken('no nbf', 'ERR_CLAIM_MISSING', v2({ nbf: undefined })),
      invalidToken('nbf in the future', 'ERR_NOT_YET_VALID', v2({ nbf: NOW + 600 })),
      invalidToken(
        'a lifetime over 25 h',
        'ERR_LIFETIME_INVALID',
        v2({ iat: NOW - 3600, exp: NOW + 25 * 3600 }),
      ),
      invalidToken('exp before iat', 'ERR_LIFETIME_INVALID', v2({ iat: NOW + 50, exp: NOW + 40 })),
      // Roles
      invalidToken(
        'roles "Orders.ReadWrite" as a string',
        'ERR_CLAIM_INVALID',
        v2({ roles: 'Orders.ReadWrite' }),
      ),
      invalidToken(
        'roles "Orders.Read" as a string',
        'ERR_CLAIM_INVALID',
        v2({ roles: 'Orders.Read' }),
      ),
      invalidToken(
        'roles holding a non-string',
        'ERR_CLAIM_INVALID',
        v2({ roles: [['Orders.Read']] }),
      ),
      forbidden('no roles', 'ERR_ROLE_MISSING', v2({ roles: undefined })),
      forbidden('an empty roles array', 'ERR_ROLE_MISSING', v2({ roles: [] })),
      forbidden('the role in another casing', 'ERR_ROLE_MISSING', v2({ roles: ['orders.read'] })),
      forbidden('only Orders.ReadWrite', 'ERR_ROLE_MISSING', v2({ roles: ['Orders.ReadWrite'] })),
      forbidden(
        'the role with a leading space',
        'ERR_ROLE_MISSING',
        v1({ roles: [' Orders.Read'] }),
      ),
      // App-only and caller
      forbidden('a delegated token (scp)', 'ERR_DELEGATED_TOKEN', v2({ scp: 'Orders.Read' })),
      forbidden('idtyp user', 'ERR_IDTYP_NOT_APP', v2({ idtyp: 'user' })),
      forbidden('oid other than sub', 'ERR_OID_SUB_MISMATCH', v2({ sub: 'pairwise-user-subject' })),
      forbidden('azpacr 0 (public client)', 'ERR_PUBLIC_CLIENT', v2({ azpacr: '0' })),
      forbidden('appidacr 0 on a v1 token', 'ERR_PUBLIC_CLIENT', v1({ appidacr: '0' })),
      forbidden(
        'a v2 caller outside the allow-list',
        'ERR_CALLER_NOT_ALLOWED',
        v2({ azp: OTHER_CALLER }),
      ),
      forbidden(
        'a v1 caller outside the allow-list',
        'ERR_CALLER_NOT_ALLOWED',
        v1({ appid: OTHER_CALLER }),
      ),
    ];

    let suite: ReturnType<typeof setUp>;
    before(() => {
      extraKeys.set('small', issuer.createKey({ modulusLength: 1024 }));
      extraKeys.set('twin', issuer.createKey());
      extraKeys.set(
        'foreign-issuer',
        issuer.createKey({ issuer: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }),
      );
      const twinAgain = issuer.createKey({ kid: published('twin').kid });
      issuer.publishKeys([issuer.currentKey, ...extraKeys.values(), twinAgain]);
      suite = setUp(issuer);
    });
    after(() => issuer.publishKeys([issuer.currentKey]));

    it('with at least 40 hostile or invalid requests in the table', () => {
      assert.ok(cases.length >= 40, `only ${cases.length} cases`);
    });

    for (const testCase of cases) {
      it(`${testCase.name}: ${testCase.status} ${testCase.code}`, async () => {
        const headers = new Headers();
        for (const value of await testCase.authorization(issuer)) {
          headers.append('authorization', value);
        }
        const outcome = await suite.authenticator.authenticate(headers);
        assertRefused(outcome, { status: testCase.status, challenge: testCase.challenge });
        assert.equal(lastCode(suite.logs), testCase.code);
      });
    }
  });

  describe('keys', () => {
    it('picks up a rotated key with one refetch, and refetches at most once per cooldown', async (t) => {
      const own = await startTestIssuer(TENANT);
      t.after(() => own.close());
      const { authenticator, logs, clock } = setUp(own);
      assert.equal(
        (await authenticator.authenticate(bearer(await own.sign(v2Claims(own))))).ok,
        true,
      );
      assert.deepEqual(own.requestCounts, { v2: 1, v1: 1, keys: 1 });

      // Entra publishes keys well before signing with them; a new kid is looked up once the
      // cooldown since the last fetch has passed.
      clock.ms += 5 * 60_000;
      own.rotateKey();
      const rotated = await own.sign(v2Claims(own));
      assert.equal((await authenticator.authenticate(bearer(rotated))).ok, true);
      assert.deepEqual(own.requestCounts, { v2: 1, v1: 1, keys: 2 });

      const madeUp = async () => bearer(await own.sign(v2Claims(own), { key: own.createKey() }));
      assertRefused(await authenticator.authenticate(await madeUp()), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      assertRefused(await authenticator.authenticate(await madeUp()), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      assert.equal(lastCode(logs), 'ERR_KID_UNKNOWN');
      assert.equal(own.requestCounts.keys, 2, 'no refetch within the cooldown');

      clock.ms += 5 * 60_000;
      assertRefused(await authenticator.authenticate(await madeUp()), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      assert.equal(own.requestCounts.keys, 3, 'one refetch once the cooldown has passed');
    });

    it('answers 503 with Retry-After while the key set is down, and recovers', async (t) => {
      const own = await startTestIssuer(TENANT);
      t.after(() => own.close());
      const { authenticator, logs, clock } = setUp(own);
      const token = await own.sign(v2Claims(own));

      own.setMode('down', ['keys']);
      assertRefused(await authenticator.authenticate(bearer(token)), {
        status: 503,
        retryAfter: '10',
      });
      assert.equal(lastCode(logs), 'ERR_KEYS_UNAVAILABLE');
      assert.equal(logs.at(-1)?.level, 'error');

      clock.ms += 4_000;
      own.setMode('up');
      assertRefused(await authenticator.authenticate(bearer(token)), {
        status: 503,
        retryAfter: '6',
      });
      assert.equal(own.requestCounts.keys, 1, 'no new attempt within the backoff');

      clock.ms += 6_000;
      assert.equal((await authenticator.authenticate(bearer(token))).ok, true);
      assert.equal(own.requestCounts.keys, 2);
    });

    for (const [mode, documents] of [
      ['error', ['keys']],
      ['error', ['v2']],
      ['down', ['v1']],
      ['hang', ['keys']],
    ] as const) {
      it(`answers 503 when ${documents[0]} is ${mode}`, async (t) => {
        const own = await startTestIssuer(TENANT);
        t.after(() => own.close());
        const { authenticator, logs } = setUp(own, { fetchTimeoutMs: 200 });
        own.setMode(mode, documents);
        const token = await own.sign(v2Claims(own));
        assertRefused(await authenticator.authenticate(bearer(token)), {
          status: 503,
          retryAfter: '10',
        });
        const code = documents[0] === 'keys' ? 'ERR_KEYS_UNAVAILABLE' : 'ERR_METADATA_UNAVAILABLE';
        assert.equal(lastCode(logs), code);
      });
    }

    it('keeps using the last good keys while a refresh fails', async (t) => {
      const own = await startTestIssuer(TENANT);
      t.after(() => own.close());
      const { authenticator, clock } = setUp(own, { refreshIntervalMs: 60_000 });
      assert.equal(
        (await authenticator.authenticate(bearer(await own.sign(v2Claims(own))))).ok,
        true,
      );
      own.setMode('error');
      clock.ms += 120_000;
      const fresh = await own.sign(v2Claims(own, { uti: 'another' }));
      assert.equal((await authenticator.authenticate(bearer(fresh))).ok, true);
      assert.deepEqual(own.requestCounts, { v2: 2, v1: 2, keys: 2 });
    });

    it('answers 503, not 401, when an unknown kid cannot be looked up', async (t) => {
      const own = await startTestIssuer(TENANT);
      t.after(() => own.close());
      const { authenticator, logs, clock } = setUp(own);
      assert.equal(
        (await authenticator.authenticate(bearer(await own.sign(v2Claims(own))))).ok,
        true,
      );
      clock.ms += 5 * 60_000;
      own.setMode('down', ['keys']);
      const rotated = own.rotateKey();
      const token = await own.sign(v2Claims(own), { key: rotated });
      assertRefused(await authenticator.authenticate(bearer(token)), {
        status: 503,
        retryAfter: '10',
      });
      assert.equal(lastCode(logs), 'ERR_KEYS_UNAVAILABLE');
    });
  });

  describe('cache', () => {
    it('serves a repeated token without fetching or verifying it again', async (t) => {
      const own = await startTestIssuer(TENANT);
      t.after(() => own.close());
      const { authenticator, clock } = setUp(own, { refreshIntervalMs: 60_000 });
      const original = own.currentKey;
      const token = await own.sign(v2Claims(own));
      const first = await authenticator.authenticate(bearer(token));
      assert.equal(first.ok, true);

      // From here on a real verification would fail: the key is gone from the set.
      own.rotateKey({ dropOld: true });
      clock.ms += 10 * 60_000;
      const counts = { ...own.requestCounts };
      assert.equal(await authenticator.authenticate(bearer(token)), first);
      assert.deepEqual(own.requestCounts, counts, 'nothing fetched');

      const another = await own.sign(v2Claims(own, { uti: 'another' }), { key: original });
      assertRefused(await authenticator.authenticate(bearer(another)), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
    });

    it('does not serve an entry at or after its exp', async (t) => {
      const own = await startTestIssuer(TENANT);
      t.after(() => own.close());
      const { authenticator, logs, clock } = setUp(own, { clockToleranceSeconds: 0 });
      const token = await own.sign(v2Claims(own, { exp: NOW + 600 }));
      assert.equal((await authenticator.authenticate(bearer(token))).ok, true);
      clock.ms = (NOW + 600) * 1000;
      assertRefused(await authenticator.authenticate(bearer(token)), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      assert.equal(lastCode(logs), 'ERR_EXPIRED');
    });

    it('re-examines refused tokens (no negative caching)', async (t) => {
      const own = await startTestIssuer(TENANT);
      t.after(() => own.close());
      const { authenticator, clock } = setUp(own, { clockToleranceSeconds: 0 });
      const early = await own.sign(v2Claims(own, { nbf: NOW + 30 }));
      assertRefused(await authenticator.authenticate(bearer(early)), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      clock.ms += 30_000;
      assert.equal((await authenticator.authenticate(bearer(early))).ok, true);
    });
  });

  describe('fails closed', () => {
    it('with a 500 and an error log when validation throws unexpectedly', async () => {
      const { authenticator, logs } = setUp(issuer, { now: () => Number.NaN });
      const token = await issuer.sign(v2Claims(issuer));
      const response = assertRefused(await authenticator.authenticate(bearer(token)), {
        status: 500,
      });
      assert.equal(
        response.body,
        JSON.stringify({
          type: 'about:blank',
          status: 500,
          title: 'Token validation failed unexpectedly',
        }),
      );
      assert.deepEqual(
        logs.map((line) => [line.level, line.properties?.['code']]),
        [['error', 'ERR_INTERNAL']],
      );
    });
  });

  describe('never discloses the token', () => {
    it('in any response or log line, whatever the outcome', async (t) => {
      const own = await startTestIssuer(TENANT);
      t.after(() => own.close());
      const { authenticator, logs } = setUp(own);
      const tokens = [
        await own.sign(v2Claims(own)),
        await own.sign(v2Claims(own, { aud: GRAPH })),
        await own.sign(v2Claims(own, { roles: ['Orders.ReadWrite'] })),
        await own.sign(v2Claims(own, { exp: NOW - 3600 })),
        await own.sign(v2Claims(own), { key: own.createKey({ kid: own.currentKey.kid }) }),
        await own.sign(v2Claims(own), { alg: 'none' }),
        await own.sign(v1Claims(own, { appid: OTHER_CALLER })),
      ];
      const responses: AuthOutcome[] = [];
      for (const token of tokens) responses.push(await authenticator.authenticate(bearer(token)));
      own.setMode('error');
      const unavailable = await own.sign(v2Claims(own));
      const outage = setUp(own);
      tokens.push(unavailable);
      responses.push(await outage.authenticator.authenticate(bearer(unavailable)));

      const disclosed = JSON.stringify({ responses, logs, outage: outage.logs });
      assert.equal(logs.length + outage.logs.length, tokens.length - 1, 'one line per refusal');
      for (const token of tokens) {
        const [, payload = '', signature = ''] = token.split('.');
        assert.ok(!disclosed.includes(token), 'token disclosed');
        assert.ok(!disclosed.includes(payload), 'payload disclosed');
        for (let start = 0; start + 8 <= signature.length; start += 1) {
          const piece = signature.slice(start, start + 8);
          assert.ok(!disclosed.includes(piece), `signature piece ${start} disclosed`);
        }
      }
      const bodies = JSON.stringify(responses.filter((outcome) => !outcome.ok));
      for (const secretish of [API, TENANT, own.v2Issuer, own.v1Issuer, CALLER, 'Orders.Read']) {
        assert.ok(!bodies.includes(secretish), 'a response names an expected value or claim');
      }
    });
  });

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
