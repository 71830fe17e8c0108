/**
 * Every identity-provider fault, against the real authenticator and a local issuer: a good key
 * set is never replaced by a bad answer, genuine tokens keep being accepted with the last known
 * good keys, forged ones keep being refused, the fault is logged once per interval, and the
 * provider's recovery is picked up. Without a good set, the fault is a 503 saying which it is.
 * Clocks and deadlines are the test's own: nothing here waits for real time.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';

import type { BearerAuthenticator } from '../../../server-app/auth/createBearerAuthenticator.js';
import { MAX_BODY_BYTES } from '../../../server-app/auth/fetchJsonObject.js';
import {
  assertRefused,
  bearer,
  INVALID_TOKEN,
  setUp,
  TENANT,
  v2Claims,
  type LogLine,
} from '../../support/bearerAuthFixtures.js';
import { startTestIssuer, type IssuerDocument } from '../../support/testIssuer.js';
import {
  eventually,
  faultyIssuerFetch,
  manualDeadlines,
  type IssuerFaultKind,
} from './faultyIssuerFetch.js';

const REFRESH_INTERVAL_MS = 60_000;
const BACKOFF_MS = 10_000;

interface FaultCase {
  readonly fault: IssuerFaultKind;
  readonly document: IssuerDocument;
  readonly code: 'ERR_METADATA_UNAVAILABLE' | 'ERR_KEYS_UNAVAILABLE';
  readonly problemCode: 'ISSUER_METADATA_UNAVAILABLE' | 'ISSUER_KEYS_UNAVAILABLE';
}

const keys = (fault: IssuerFaultKind): FaultCase => ({
  fault,
  document: 'keys',
  code: 'ERR_KEYS_UNAVAILABLE',
  problemCode: 'ISSUER_KEYS_UNAVAILABLE',
});
const metadata = (fault: IssuerFaultKind): FaultCase => ({
  fault,
  document: 'v2',
  code: 'ERR_METADATA_UNAVAILABLE',
  problemCode: 'ISSUER_METADATA_UNAVAILABLE',
});

const CASES: readonly FaultCase[] = [
  keys('http-500'),
  keys('hang'),
  keys('garbage'),
  keys('empty-key-set'),
  keys('no-usable-key'),
  keys('oversize'),
  metadata('http-500'),
  metadata('hang'),
  metadata('garbage'),
  metadata('oversize'),
  metadata('foreign-jwks-uri'),
];

async function environment(t: TestContext) {
  const issuer = await startTestIssuer(TENANT);
  t.after(() => issuer.close());
  const faults = faultyIssuerFetch(issuer);
  const deadlines = manualDeadlines();
  const suite = setUp(issuer, {
    fetch: faults.fetch,
    deadline: deadlines.deadline,
    refreshIntervalMs: REFRESH_INTERVAL_MS,
    failureBackoffMs: BACKOFF_MS,
  });
  let uti = 0;
  // A fresh token each time, so that no answer comes from the validated-token cache.
  const genuine = (key = issuer.currentKey) =>
    issuer.sign(v2Claims(issuer, { uti: `u${++uti}` }), { key });
  // A known kid under a signature by another key.
  const forged = (kid = issuer.currentKey.kid) =>
    issuer.sign(v2Claims(issuer, { uti: `f${++uti}` }), { key: issuer.createKey({ kid }) });
  return { issuer, faults, deadlines, genuine, forged, ...suite };
}

async function assertAccepted(authenticator: BearerAuthenticator, token: string): Promise<void> {
  const outcome = await authenticator.authenticate(bearer(token));
  assert.equal(outcome.ok, true, outcome.ok ? '' : (outcome.response.body as string));
}

async function assertForgedRefused(authenticator: BearerAuthenticator, token: string) {
  assertRefused(await authenticator.authenticate(bearer(token)), {
    status: 401,
    challenge: INVALID_TOKEN,
  });
}

const faultLines = (logs: readonly LogLine[]) =>
  logs
    .filter((line) => line.message.startsWith('Identity provider'))
    .map((line) => [line.level, line.message, line.properties?.['code']]);

describe('createBearerAuthenticator: identity-provider faults', () => {
  for (const { fault, document, code } of CASES) {
    it(`${document} ${fault}: keeps the last good keys, refuses forged tokens, picks up the recovery`, async (t) => {
      const env = await environment(t);
      const { authenticator, issuer, faults, deadlines, clock, logs } = env;
      await assertAccepted(authenticator, await env.genuine());

      faults.set(document, fault);
      clock.ms += REFRESH_INTERVAL_MS;
      // The request that finds the set due for refresh is answered from it, refresh under way.
      await assertAccepted(authenticator, await env.genuine());
      if (fault === 'hang') {
        await eventually(() => faults.hanging === 1, 'the refresh to hang');
        await assertAccepted(authenticator, await env.genuine());
        deadlines.expireAll();
      }
      await authenticator.idle();
      if (fault === 'oversize') {
        assert.ok(
          faults.oversizeBytesServed <= MAX_BODY_BYTES + 128 * 1024,
          'read while streaming',
        );
      }

      await assertAccepted(authenticator, await env.genuine());
      await assertForgedRefused(authenticator, await env.forged());
      clock.ms += BACKOFF_MS;
      await assertAccepted(authenticator, await env.genuine());
      if (fault === 'hang') {
        await eventually(() => faults.hanging === 1, 'the second refresh to hang');
        deadlines.expireAll();
      }
      await authenticator.idle();
      assert.deepEqual(
        faultLines(logs),
        [
          [
            'warn',
            'Identity provider fault; validating with the last known good signing keys',
            code,
          ],
        ],
        'the fault logged once, though two refreshes failed',
      );
      const faultLine = logs.find((line) => line.message.startsWith('Identity provider fault'));
      assert.match(String(faultLine?.properties?.['reason']), / unavailable: /);

      // The provider recovers, having rotated its key: the next refresh takes the new set.
      faults.clear();
      const previous = issuer.currentKey;
      issuer.rotateKey({ dropOld: true });
      clock.ms += BACKOFF_MS;
      await assertAccepted(authenticator, await env.genuine(previous));
      await authenticator.idle();
      const keyRequests = issuer.requestCounts.keys;
      await assertAccepted(authenticator, await env.genuine());
      await assertForgedRefused(authenticator, await env.forged());
      await assertForgedRefused(authenticator, await env.genuine(previous));
      assert.equal(issuer.requestCounts.keys, keyRequests, 'the new key came with the refresh');
      assert.deepEqual(faultLines(logs).at(-1), [
        'info',
        'Identity provider answers again; signing keys refreshed',
        code,
      ]);
    });
  }

  for (const { fault, document, code, problemCode } of CASES) {
    it(`${document} ${fault} on a cold start: 503 with Retry-After and ${problemCode}, one deadline, then recovery`, async (t) => {
      const env = await environment(t);
      const { authenticator, faults, deadlines, clock, logs } = env;
      faults.set(document, fault);
      const first = authenticator.authenticate(bearer(await env.genuine()));
      if (fault === 'hang') {
        await eventually(() => faults.hanging > 0, 'the cold load to hang');
        deadlines.expireAll();
      }
      const response = assertRefused(await first, { status: 503, retryAfter: '10' });
      assert.equal((JSON.parse(response.body as string) as { code: string }).code, problemCode);
      assert.equal(deadlines.created, 1, 'metadata and keys under one deadline');
      assertRefused(await authenticator.authenticate(bearer(await env.forged())), {
        status: 503,
        retryAfter: '10',
      });
      assert.equal(deadlines.created, 1, 'no new attempt within the backoff');
      assert.deepEqual(faultLines(logs), [
        ['error', 'Identity provider fault; no signing keys yet, answering 503', code],
      ]);

      faults.clear();
      clock.ms += BACKOFF_MS;
      await assertAccepted(authenticator, await env.genuine());
      await assertForgedRefused(authenticator, await env.forged());
    });
  }

  it('no request with a known kid waits on a hung refresh; an unknown kid waits for one bounded refetch', async (t) => {
    const env = await environment(t);
    const { authenticator, issuer, faults, deadlines, clock, logs } = env;
    await assertAccepted(authenticator, await env.genuine());
    clock.ms += 5 * 60_000;
    faults.set('keys', 'hang');
    const rotated = issuer.rotateKey();

    let settled = false;
    const unknownKid = authenticator
      .authenticate(bearer(await env.genuine(rotated)))
      .finally(() => (settled = true));
    await eventually(() => faults.hanging === 1, 'the refetch for the unknown kid to hang');
    const previous = issuer.publishedKeys[1];
    assert.ok(previous !== undefined);
    await assertAccepted(authenticator, await env.genuine(previous));
    await assertForgedRefused(authenticator, await env.forged(previous.kid));
    assert.equal(settled, false, 'the unknown kid still waits for its refetch');

    deadlines.expireAll();
    assertRefused(await unknownKid, { status: 503, retryAfter: '10' });
    assert.equal(deadlines.created, 2, 'one bounded refetch');
    assert.equal(logs.at(-1)?.properties?.['code'], 'ERR_KEYS_UNAVAILABLE');

    faults.clear();
    clock.ms += BACKOFF_MS;
    await assertAccepted(authenticator, await env.genuine(rotated));
  });
});
