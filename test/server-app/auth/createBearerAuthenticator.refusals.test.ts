import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  API,
  assertRefused,
  CALLER,
  CHALLENGE,
  GRAPH,
  INSUFFICIENT_SCOPE,
  INVALID_REQUEST,
  INVALID_TOKEN,
  NOW,
  OTHER_CALLER,
  OTHER_TENANT,
  setUp,
  TENANT,
  v1Claims,
  v2Claims,
} from '../../support/bearerAuthFixtures.js';
import {
  startTestIssuer,
  type SignOptions,
  type TestIssuer,
  type TestKey,
} from '../../support/testIssuer.js';

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

    before(() => {
      extraKeys.set('small', issuer.createKey({ modulusLength: 1024 }));
      extraKeys.set('twin', issuer.createKey());
      extraKeys.set(
        'foreign-issuer',
        issuer.createKey({ issuer: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }),
      );
      const twinAgain = issuer.createKey({ kid: published('twin').kid });
      issuer.publishKeys([issuer.currentKey, ...extraKeys.values(), twinAgain]);
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
        // One authenticator per case: 400/401 lines are rate-limited per code (RefusalLog).
        const { authenticator, logs } = setUp(issuer);
        const outcome = await authenticator.authenticate(headers);
        assertRefused(outcome, { status: testCase.status, challenge: testCase.challenge });
        assert.deepEqual(
          logs.map((line) => [line.level, line.message, line.properties?.['code']]),
          [['warn', 'Bearer token refused', testCase.code]],
        );
      });
    }

    it("writes a refusal's line to the request's own log when given one, not its own", async () => {
      const { authenticator, logs } = setUp(issuer);
      const requestLines: string[] = [];
      const requestLog = {
        info: (message: string) => requestLines.push(`info ${message}`),
        warn: (message: string) => requestLines.push(`warn ${message}`),
        error: (message: string) => requestLines.push(`error ${message}`),
      };
      const forged = `Bearer ${await issuer.sign(v2Claims(issuer))}x`;
      const outcome = await authenticator.authenticate(
        new Headers({ authorization: forged }),
        requestLog,
      );
      assertRefused(outcome, { status: 401, challenge: INVALID_TOKEN });
      assert.deepEqual(requestLines, ['warn Bearer token refused']);
      assert.deepEqual(logs, []);
    });
  });
});
