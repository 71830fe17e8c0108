import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { SpanStatusCode } from '@opentelemetry/api';

import { traceAuthenticator } from '../../../server-app/telemetry/traceAuthenticator.js';
import { METRIC } from '../../../shared/telemetry/telemetryNames.js';
import { bearer, CALLER, setUp, TENANT, v2Claims } from '../../support/bearerAuthFixtures.js';
import { startTelemetryHarness, type TelemetryHarness } from '../../support/telemetryHarness.js';
import { startTestIssuer, type TestIssuer } from '../../support/testIssuer.js';

describe('traceAuthenticator', () => {
  let issuer: TestIssuer;
  let telemetry: TelemetryHarness;
  before(async () => {
    issuer = await startTestIssuer(TENANT);
    telemetry = startTelemetryHarness();
  });
  after(async () => {
    await telemetry.stop();
    await issuer.close();
  });
  beforeEach(() => telemetry.reset());

  it('records an accepted token’s caller and version, never the token', async () => {
    const authenticator = traceAuthenticator(setUp(issuer).authenticator);
    const token = await issuer.sign(v2Claims(issuer));
    assert.equal((await authenticator.authenticate(bearer(token))).ok, true);
    const [span] = telemetry.spans();
    assert.equal(span?.name, 'validate token');
    assert.deepEqual(span.attributes, {
      'orders.auth.outcome': 'accepted',
      'orders.caller.client_id': CALLER,
      'orders.caller.token_version': '2.0',
    });
    assert.ok(!JSON.stringify(span.attributes).includes(token.slice(0, 20)));
  });

  it('records a refusal with its code and counts it', async () => {
    const authenticator = traceAuthenticator(setUp(issuer).authenticator);
    const token = await issuer.sign(v2Claims(issuer, { roles: ['Orders.Write'] }));
    const outcome = await authenticator.authenticate(bearer(token));
    assert.equal(outcome.ok, false);
    const [span] = telemetry.spans();
    assert.deepEqual(span?.attributes, {
      'orders.auth.outcome': 'refused',
      'orders.auth.refusal_code': 'ERR_ROLE_MISSING',
      'http.response.status_code': 403,
    });
    assert.deepEqual(span.status, { code: SpanStatusCode.ERROR, message: 'ERR_ROLE_MISSING' });
    assert.deepEqual(await telemetry.metric(METRIC.refusals), [
      { attributes: { 'orders.auth.refusal_code': 'ERR_ROLE_MISSING' }, value: 1 },
    ]);
  });
});
