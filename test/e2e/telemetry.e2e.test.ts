/**
 * Telemetry end to end: the real client and server apps on the local host, each exporting OTLP
 * (http/json) to a real receiver this test starts on loopback. One sync run is one trace across
 * both processes; a refused token is a validation span with its code; the run's metrics equal its
 * summary; nothing exported holds a token, a bearer header, an order id or a secret.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { SpanKind } from '@opentelemetry/api';

import type { HostProcess } from '../support/startHostProcess.js';
import {
  otlpSpans,
  otlpSumBy,
  startOtlpReceiver,
  type OtlpReceiver,
  type OtlpSpan,
} from './support/startOtlpReceiver.js';
import { startSyncSystem, type SyncSystem } from './support/startSyncSystem.js';
import { fireTimer, waitForRun, type RunSummary } from './support/syncRuns.js';

const REFUSED_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('telemetry (end to end, OTLP)', () => {
  let system: SyncSystem;
  let receiver: OtlpReceiver;
  let client: HostProcess;
  let server: HostProcess;
  let summary: RunSummary;
  let spans: OtlpSpan[];
  let refusedStatus: number;

  before(async () => {
    receiver = await startOtlpReceiver();
    system = await startSyncSystem({ partitions: 3, ordersPerPartition: { min: 60, max: 90 } });
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_BLRP_SCHEDULE_DELAY: '200',
      OTEL_METRIC_EXPORT_INTERVAL: '60000',
    };
    const extra = await system.startServer(otel);
    server = extra.server;
    client = await system.startClient({ ...otel, ORDERS_API_BASE_URL: extra.proxy.url });
    const since = Date.now();
    assert.equal((await fireTimer(client.url)).status, 202);
    summary = (await waitForRun(client.url, since)).output as RunSummary;
    const refused = await fetch(`${server.url}/api/orders?partition=p`, {
      headers: {
        authorization: 'Bearer not.a.token',
        traceparent: `00-${REFUSED_TRACE}-00f067aa0ba902b7-01`,
      },
    });
    refusedStatus = refused.status;
    await refused.arrayBuffer();
    // A graceful stop flushes what is still buffered: metrics export only then (interval 60 s).
    await client.stop();
    await server.stop();
    spans = otlpSpans(receiver.requests);
  });
  after(async () => {
    await system.stop();
    await receiver.close();
  });

  it('exports one trace per run, shared by the client’s activities and the server’s requests', () => {
    assert.equal(summary.status, 'completed');
    const runSpans = spans.filter((s) => s.name === 'sync run');
    assert.equal(runSpans.length, 1);
    const [run] = runSpans;
    assert.ok(run);
    assert.equal(run.service, 'orders-sync-client');
    assert.equal(run.attributes['orders.run_id'], summary.runId);
    const starter = spans.find((s) => s.spanId === run.parentSpanId);
    assert.equal(starter?.name, 'timer ordersSyncTimer');

    const inRun = spans.filter((s) => s.traceId === run.traceId);
    const activities = inRun.filter((s) => s.name.startsWith('activity '));
    // listing, one chunk per partition (small partitions), the report.
    assert.equal(activities.length, 1 + summary.partitions.length + 1);
    for (const activity of activities) assert.equal(activity.parentSpanId, run.spanId);

    const byId = new Map(inRun.map((s) => [s.spanId, s]));
    const serverRequests = inRun.filter(
      (s) => s.service === 'orders-api' && s.kind === SpanKind.SERVER + 1,
    );
    assert.equal(serverRequests.length, summary.partitions.reduce((n, p) => n + p.pages, 0) + 1);
    for (const request of serverRequests) {
      const caller = byId.get(request.parentSpanId);
      assert.equal(caller?.service, 'orders-sync-client');
      assert.equal(caller.kind, SpanKind.CLIENT + 1);
      assert.equal(byId.get(caller.parentSpanId)?.name.startsWith('activity '), true);
      const children = inRun.filter((s) => s.parentSpanId === request.spanId).map((s) => s.name);
      assert.ok(children.includes('validate token'), request.name);
      assert.ok(
        children.some((name) => name.startsWith('orders store ')),
        request.name,
      );
    }
    const tokens = inRun.filter((s) => s.name === 'acquire token');
    assert.ok(tokens.length > 0);
    assert.deepEqual(
      new Set(tokens.map((s) => s.attributes['orders.token.credential'])),
      new Set(['client-certificate']),
    );
    assert.equal(tokens.filter((s) => s.attributes['orders.token.cache'] === 'miss').length, 1);
    const validations = inRun.filter((s) => s.name === 'validate token');
    assert.ok(validations.every((s) => s.attributes['orders.auth.outcome'] === 'accepted'));
  });

  it('exports a refused token as a validation span with its refusal code, under the caller’s trace', () => {
    assert.equal(refusedStatus, 401);
    const refusal = spans.find((s) => s.traceId === REFUSED_TRACE && s.name === 'validate token');
    assert.ok(refusal);
    assert.equal(refusal.attributes['orders.auth.outcome'], 'refused');
    assert.match(String(refusal.attributes['orders.auth.refusal_code']), /^ERR_/);
    const request = spans.find((s) => s.spanId === refusal.parentSpanId);
    assert.equal(request?.parentSpanId, '00f067aa0ba902b7');
    assert.equal(request.attributes['http.response.status_code'], 401);
  });

  it('exports the run’s metrics equal to its summary', () => {
    const orders = Object.fromEntries(summary.partitions.map((p) => [p.name, p.orders]));
    const pages = Object.fromEntries(summary.partitions.map((p) => [p.name, p.pages]));
    assert.deepEqual(
      otlpSumBy(receiver.requests, 'orders.sync.orders', 'orders.partition'),
      orders,
    );
    assert.deepEqual(otlpSumBy(receiver.requests, 'orders.sync.pages', 'orders.partition'), pages);
    const refusals = otlpSumBy(
      receiver.requests,
      'orders.api.refusals',
      'orders.auth.refusal_code',
    );
    assert.equal(
      Object.values(refusals).reduce((a, b) => a + b, 0),
      1,
    );
    const acquisitions = otlpSumBy(
      receiver.requests,
      'orders.token.acquisitions',
      'orders.token.credential',
    );
    assert.deepEqual(acquisitions, { 'client-certificate': 1 });
  });

  it('exports logs bound to the invocation’s span', () => {
    const logs = receiver.requests
      .filter((r) => r.path === '/v1/logs')
      .map((r) => r.text)
      .join('\n');
    assert.match(logs, /access token acquired/);
    const records = receiver.requests
      .filter((r) => r.path === '/v1/logs')
      .flatMap(
        (r) =>
          (
            r.body as {
              resourceLogs: {
                scopeLogs: {
                  logRecords: { body?: { stringValue?: string }; traceId?: string }[];
                }[];
              }[];
            }
          ).resourceLogs,
      )
      .flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
    const acquired = records.find((r) => r.body?.stringValue?.startsWith('access token acquired'));
    assert.ok(
      acquired?.traceId &&
        spans.some((s) => s.traceId === acquired.traceId && s.name === 'sync run'),
    );
  });

  it('exports no token, bearer header, order id or secret anywhere', () => {
    const everything = receiver.requests.map((r) => r.text).join('\n');
    assert.ok(everything.length > 1000);
    assert.doesNotMatch(everything, /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]+/, 'a JWT');
    // A header value is `Bearer <token68>`; the log line "Bearer token refused" names none.
    const bearer = /.{0,100}bearer\s+(?!token refused)[\w\-.~+/]+=*.{0,50}/i.exec(everything);
    assert.equal(bearer, null, `a bearer header: ${bearer?.[0]}`);
    assert.doesNotMatch(everything, /not\.a\.token/, 'the refused token');
    assert.doesNotMatch(everything, /PRIVATE KEY|client_secret|clientSecret/i, 'a secret');
    assert.doesNotMatch(everything, /continuationToken/i, 'a cursor');
    for (const ids of system.seeded.values()) {
      for (const id of ids) assert.ok(!everything.includes(id), `order id ${id}`);
    }
  });
});
