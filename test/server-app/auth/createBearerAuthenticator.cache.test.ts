import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';

import { AUTH_FAILURES, type AuthFailureCode } from '../../../server-app/auth/AuthFailure.js';
import { REPEAT_LOG_INTERVAL_MS } from '../../../server-app/auth/CachedRefusal.js';
import type { BearerAuthenticator } from '../../../server-app/auth/createBearerAuthenticator.js';
import {
  assertRefused,
  bearer,
  INSUFFICIENT_SCOPE,
  INVALID_TOKEN,
  lastCode,
  NOW,
  setUp,
  TENANT,
  v2Claims,
} from '../../support/bearerAuthFixtures.js';
import { startTestIssuer, type TestIssuer } from '../../support/testIssuer.js';

/** The whole 403 answer, as the uncached path builds it. */
const FORBIDDEN = {
  ok: false,
  response: {
    status: 403,
    headers: {
      'Content-Type': 'application/problem+json',
      'Cache-Control': 'no-store',
      'WWW-Authenticate': INSUFFICIENT_SCOPE,
    },
    body: JSON.stringify({
      type: 'about:blank',
      status: 403,
      title: 'Insufficient permissions',
      detail:
        'This API admits only app-only tokens of allowed applications holding the required application role.',
    }),
  },
};

/** The 403 answer, and a refusal code of the insufficient_scope kind beside it. */
function assertForbidden(outcome: unknown): void {
  const { code, ...answer } = outcome as { code?: unknown };
  assert.deepEqual(answer, FORBIDDEN);
  assert.ok(
    typeof code === 'string' && AUTH_FAILURES[code as AuthFailureCode] === 'insufficient_scope',
    `code ${String(code)}`,
  );
}

async function ownIssuer(t: TestContext): Promise<TestIssuer> {
  const own = await startTestIssuer(TENANT);
  t.after(() => own.close());
  return own;
}

/** Refetches the key set every minute, so that {@link makeVerificationFail} takes effect. */
const REFRESHING = { refreshIntervalMs: 60_000 };

/**
 * Removes the key that signed the tokens so far, lets the refresh interval and unknown-kid
 * cooldown pass and has the authenticator load the new key set: from here on, verifying one of
 * those tokens again would answer 401.
 */
async function makeVerificationFail(
  own: TestIssuer,
  clock: { ms: number },
  authenticator: BearerAuthenticator,
): Promise<void> {
  own.rotateKey({ dropOld: true });
  clock.ms += 10 * 60_000;
  assert.equal((await authenticator.checkIssuer()).ok, true);
}

describe('createBearerAuthenticator', () => {
  describe('cache', () => {
    it('serves a repeated token without fetching or verifying it again', async (t) => {
      const own = await ownIssuer(t);
      const { authenticator, clock } = setUp(own, REFRESHING);
      const original = own.currentKey;
      const token = await own.sign(v2Claims(own));
      const first = await authenticator.authenticate(bearer(token));
      assert.equal(first.ok, true);

      await makeVerificationFail(own, clock, authenticator);
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
      const own = await ownIssuer(t);
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

    it("serves a genuine token's 403 from the cache, verified once, with the same response", async (t) => {
      const own = await ownIssuer(t);
      const { authenticator, clock } = setUp(own, REFRESHING);
      const token = await own.sign(v2Claims(own, { roles: [] }));
      const first = await authenticator.authenticate(bearer(token));
      assertForbidden(first);

      await makeVerificationFail(own, clock, authenticator);
      const counts = { ...own.requestCounts };
      const second = await authenticator.authenticate(bearer(token));
      assertForbidden(second);
      assert.equal(second, first, 'the very outcome of the first answer');
      assert.ok(Object.isFrozen(first) && !first.ok && Object.isFrozen(first.response.headers));
      assert.deepEqual(own.requestCounts, counts, 'nothing fetched: not verified again');
    });

    for (const [name, claims] of [
      ['a delegated token', { scp: 'Orders.Read' }],
      ['a caller outside the allow-list', { azp: 'deadbeef-1234-4abc-8def-0123456789ab' }],
      ['a public client', { azpacr: '0' }],
    ] as const) {
      it(`caches the 403 of ${name} as well`, async (t) => {
        const own = await ownIssuer(t);
        const { authenticator, clock } = setUp(own, REFRESHING);
        const token = await own.sign(v2Claims(own, claims));
        assertForbidden(await authenticator.authenticate(bearer(token)));
        await makeVerificationFail(own, clock, authenticator);
        const counts = { ...own.requestCounts };
        assertForbidden(await authenticator.authenticate(bearer(token)));
        assert.deepEqual(own.requestCounts, counts);
      });
    }

    it('does not serve a cached 403 at or after the token exp', async (t) => {
      const own = await ownIssuer(t);
      const { authenticator, logs, clock } = setUp(own, { clockToleranceSeconds: 0 });
      const token = await own.sign(v2Claims(own, { roles: [], exp: NOW + 600 }));
      assertForbidden(await authenticator.authenticate(bearer(token)));
      clock.ms = (NOW + 600) * 1000 - 1;
      assertForbidden(await authenticator.authenticate(bearer(token)));
      clock.ms += 1;
      assertRefused(await authenticator.authenticate(bearer(token)), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      assert.equal(lastCode(logs), 'ERR_EXPIRED');
    });

    it('does not cache a 401: the same token is verified again', async (t) => {
      const own = await ownIssuer(t);
      const { authenticator, logs, clock } = setUp(own);
      const token = await own.sign(v2Claims(own), { key: own.createKey() });
      assertRefused(await authenticator.authenticate(bearer(token)), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      assert.equal(own.requestCounts.keys, 1);

      clock.ms += 5 * 60_000;
      assertRefused(await authenticator.authenticate(bearer(token)), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      assert.equal(own.requestCounts.keys, 2, 'its unknown kid was looked up again');
      assert.deepEqual(
        logs.map((line) => [line.level, line.message, line.properties?.['code']]),
        [
          ['warn', 'Bearer token refused', 'ERR_KID_UNKNOWN'],
          ['warn', 'Bearer token refused', 'ERR_KID_UNKNOWN'],
        ],
      );
    });

    it('re-examines a token refused with a 401, which may become valid', async (t) => {
      const own = await ownIssuer(t);
      const { authenticator, clock } = setUp(own, { clockToleranceSeconds: 0 });
      const early = await own.sign(v2Claims(own, { nbf: NOW + 30 }));
      assertRefused(await authenticator.authenticate(bearer(early)), {
        status: 401,
        challenge: INVALID_TOKEN,
      });
      clock.ms += 30_000;
      assert.equal((await authenticator.authenticate(bearer(early))).ok, true);
    });

    it('keeps accepted and refused tokens apart: neither evicts nor answers for the other', async (t) => {
      const own = await ownIssuer(t);
      const { authenticator, clock } = setUp(own, { ...REFRESHING, cacheSize: 1 });
      const good = bearer(await own.sign(v2Claims(own)));
      const roleless = bearer(await own.sign(v2Claims(own, { roles: [] })));
      const accepted = await authenticator.authenticate(good);
      const refused = await authenticator.authenticate(roleless);
      assert.equal(accepted.ok, true);
      assertForbidden(refused);

      await makeVerificationFail(own, clock, authenticator);
      const counts = { ...own.requestCounts };
      assert.equal(await authenticator.authenticate(roleless), refused);
      assert.equal(await authenticator.authenticate(good), accepted);
      assert.equal(await authenticator.authenticate(roleless), refused);
      assert.deepEqual(own.requestCounts, counts, 'both served from their caches');
    });

    it('logs a cached 403 on first sight, then at most one summary per token per minute', async (t) => {
      const own = await ownIssuer(t);
      const { authenticator, logs, clock } = setUp(own);
      const token = await own.sign(v2Claims(own, { roles: ['Orders.ReadWrite'] }));
      const other = await own.sign(v2Claims(own, { roles: [], uti: 'other' }));
      for (let i = 0; i < 4; i++) await authenticator.authenticate(bearer(token));
      await authenticator.authenticate(bearer(other));
      clock.ms += REPEAT_LOG_INTERVAL_MS - 1;
      await authenticator.authenticate(bearer(token));
      clock.ms += 1;
      await authenticator.authenticate(bearer(token));
      await authenticator.authenticate(bearer(token));
      await authenticator.authenticate(bearer(other));

      const reason = 'caller c0ffee00-1234-4abc-8def-0123456789ab lacks the Orders.Read role';
      const first = { code: 'ERR_ROLE_MISSING', reason, tokenFingerprint: fingerprint(logs, 0) };
      const second = { ...first, tokenFingerprint: fingerprint(logs, 1) };
      assert.notEqual(first.tokenFingerprint, second.tokenFingerprint);
      assert.deepEqual(logs, [
        { level: 'warn', message: 'Bearer token refused', properties: first },
        { level: 'warn', message: 'Bearer token refused', properties: second },
        {
          level: 'warn',
          message: 'Bearer token refused again',
          properties: { ...first, repeats: 5 },
        },
        {
          level: 'warn',
          message: 'Bearer token refused again',
          properties: { ...second, repeats: 1 },
        },
      ]);
      const disclosed = JSON.stringify(logs);
      for (const secret of [token, other]) {
        assert.ok(!disclosed.includes(secret.split('.')[2] ?? secret), 'token disclosed');
      }
    });
  });
});

function fingerprint(logs: ReturnType<typeof setUp>['logs'], index: number): unknown {
  const value = logs[index]?.properties?.['tokenFingerprint'];
  assert.match(String(value), /^[0-9a-f]{8}$/);
  return value;
}
