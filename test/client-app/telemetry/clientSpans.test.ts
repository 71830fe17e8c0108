/** The client's own spans: token acquisition (traceTokenProvider) and each request to the API. */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';

import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

import { createOrdersApiClient } from '../../../client-app/sync/createOrdersApiClient.js';
import { traceTokenProvider } from '../../../client-app/telemetry/traceTokenProvider.js';
import { AccessTokenLease } from '../../../client-app/tokens/AccessTokenLease.js';
import type { TokenProvider } from '../../../client-app/tokens/createTokenProvider.js';
import { TokenAcquisitionError } from '../../../client-app/tokens/TokenAcquisitionError.js';
import { METRIC } from '../../../shared/telemetry/telemetryNames.js';
import { sendJson, startStubServer, type StubServer } from '../../support/startStubServer.js';
import { startTelemetryHarness, type TelemetryHarness } from '../../support/telemetryHarness.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('client spans', () => {
  let telemetry: TelemetryHarness;
  let server: StubServer | undefined;
  before(() => {
    telemetry = startTelemetryHarness();
  });
  after(() => telemetry.stop());
  beforeEach(() => telemetry.reset());
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  describe('traceTokenProvider', () => {
    it('marks a new lease a miss and the same lease again a hit, and counts both', async () => {
      const lease = new AccessTokenLease(TOKEN, {
        expiresOn: 2e12,
        refreshAt: 2e12,
        fromCache: false,
      });
      const inner: TokenProvider = {
        getToken: () => Promise.resolve(lease),
        describe: () => ({ mode: 'client-certificate', scope: 'api://x/.default' }),
      };
      const provider = traceTokenProvider(inner);
      await provider.getToken();
      await provider.getToken();
      const [miss, hit] = telemetry.spans();
      assert.deepEqual(miss?.attributes, {
        'orders.token.credential': 'client-certificate',
        'orders.token.cache': 'miss',
        'orders.token.sdk_cache': false,
        'orders.token.fingerprint': lease.fingerprint,
      });
      assert.deepEqual(hit?.attributes, {
        'orders.token.credential': 'client-certificate',
        'orders.token.cache': 'hit',
      });
      assert.deepEqual(await telemetry.metric(METRIC.tokenAcquisitions), [
        { attributes: { 'orders.token.credential': 'client-certificate' }, value: 1 },
      ]);
      assert.deepEqual(await telemetry.metric(METRIC.tokenCacheHits), [
        { attributes: { 'orders.token.credential': 'client-certificate' }, value: 1 },
      ]);
    });

    it('records a failed acquisition by its code', async () => {
      const provider = traceTokenProvider({
        getToken: () => Promise.reject(new TokenAcquisitionError('ERR_TOKEN_TIMEOUT', 'slow')),
        describe: () => ({ mode: 'managed-identity', scope: 'api://x/.default' }),
      });
      await assert.rejects(provider.getToken(), TokenAcquisitionError);
      const [span] = telemetry.spans();
      assert.deepEqual(span?.status, { code: SpanStatusCode.ERROR, message: 'ERR_TOKEN_TIMEOUT' });
    });
  });

  describe('createOrdersApiClient', () => {
    it('sends each attempt’s traceparent, one client span per attempt, without the query', async () => {
      server = await startStubServer((_req, res, i) =>
        i === 0
          ? sendJson(res, 503, { title: 'Service Unavailable' })
          : sendJson(res, 200, {
              items: [],
              continuationToken: null,
              watermark: '2026-01-01T00:00:00.000Z',
            }),
      );
      const client = createOrdersApiClient({
        baseUrl: server.url,
        getAuthorization: () => Promise.resolve(`Bearer ${TOKEN}`),
        requestTimeoutMs: 5000,
        retryBudgetMs: 5000,
        minRetryDelayMs: 1,
      });
      const parent = trace.getTracer('test').startSpan('activity');
      await context.with(trace.setSpan(context.active(), parent), () =>
        client.getOrdersPage({ partition: 'emea', top: 10, continuationToken: 'cursor-1' }),
      );
      parent.end();
      const requests = telemetry.spans().filter((s) => s.name === 'GET /api/orders');
      assert.equal(requests.length, 2);
      assert.deepEqual(
        server.requests.map((r) => r.headers.traceparent),
        requests.map((s) => `00-${s.spanContext().traceId}-${s.spanContext().spanId}-01`),
      );
      for (const span of requests) {
        assert.equal(span.kind, SpanKind.CLIENT);
        assert.equal(span.parentSpanContext?.spanId, parent.spanContext().spanId);
        assert.equal(span.attributes['url.path'], '/api/orders');
      }
      assert.equal(requests[0]?.attributes['http.response.status_code'], 503);
      assert.equal(requests[0]?.status.message, 'ORDERS_API_UNAVAILABLE');
      assert.equal(requests[1]?.attributes['http.request.resend_count'], 1);
      assert.equal(requests[1]?.attributes['http.response.status_code'], 200);
      const exported = JSON.stringify(telemetry.spans().map((s) => [s.name, s.attributes]));
      assert.ok(!exported.includes('cursor-1') && !exported.includes(TOKEN));
    });
  });
});
