import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { AuthOutcome } from '../../../server-app/auth/RequestAuthenticator.js';
import {
  API,
  assertRefused,
  bearer,
  CALLER,
  CALLER_OID,
  CHALLENGE,
  GRAPH,
  INSUFFICIENT_SCOPE,
  INVALID_TOKEN,
  lastCode,
  NOW,
  OTHER_CALLER,
  setUp,
  TENANT,
  v1Claims,
  v2Claims,
} from '../../support/bearerAuthFixtures.js';
import { startTestIssuer, type TestIssuer } from '../../support/testIssuer.js';

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
      assert.deepEqual(
        logs.map((line) => [line.level, line.message, line.properties?.['code']]),
        [
          [
            'error',
            'Identity provider fault; no signing keys yet, answering 503',
            'ERR_KEYS_UNAVAILABLE',
          ],
        ],
        'the fault, once; not a line per refused request',
      );

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

    it('keeps using the last good keys while a refresh fails, refreshing in the background', async (t) => {
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
      await authenticator.idle();
      // The metadata failed, so the keys were not asked for: the load is all or nothing.
      assert.deepEqual(own.requestCounts, { v2: 2, v1: 2, keys: 1 });
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
});
