import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import azureFunctions from '@azure/functions';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';

import { ambientLogger } from '../../../shared/logging/ambientLogger.js';
import {
  emitLogRecord,
  endInvocationSpan,
  startInvocationSpan,
} from '../../../shared/telemetry/registerTelemetryHooks.js';
import { startTelemetryHarness, type TelemetryHarness } from '../../support/telemetryHarness.js';

// The library is a webpack bundle: Node cannot see its class exports by name from ESM.
const {
  HttpRequest,
  InvocationContext,
  LogHookContext,
  PostInvocationContext,
  PreInvocationContext,
} = azureFunctions;

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const PARENT = 'b7ad6b7169203331';

/** Runs one invocation through both hooks as the worker does; returns the handler's result. */
async function invoke(
  triggerType: string,
  input: unknown,
  handler: (input: unknown, context: azureFunctions.InvocationContext) => unknown,
  extra: Record<string, unknown> = {},
) {
  const logs: string[] = [];
  const invocation: azureFunctions.InvocationContext = new InvocationContext({
    functionName: 'fn',
    invocationId: 'inv-1',
    options: {
      trigger: { type: triggerType, name: 'trigger', ...extra },
      extraInputs: [],
      extraOutputs: [],
    },
    logHandler: (_level, ...args) => {
      logs.push(String(args[0]));
      emitLogRecord(
        new LogHookContext({
          level: 'information',
          message: String(args[0]),
          category: 'user',
          invocationContext: invocation,
        }),
      );
    },
  });
  const hookData = {};
  const pre = new PreInvocationContext({
    invocationContext: invocation,
    inputs: [input],
    functionCallback: handler,
    hookData,
  });
  startInvocationSpan(pre);
  let result: unknown;
  let error: unknown;
  try {
    result = await (pre.functionHandler as (i: unknown, c: unknown) => unknown)(input, invocation);
  } catch (caught) {
    error = caught;
  }
  endInvocationSpan(
    new PostInvocationContext({
      invocationContext: invocation,
      inputs: [input],
      result,
      error,
      hookData,
    }),
  );
  return { result, logs };
}

describe('registerTelemetryHooks', () => {
  let telemetry: TelemetryHarness;
  before(() => {
    telemetry = startTelemetryHarness();
  });
  after(() => telemetry.stop());
  beforeEach(() => telemetry.reset());

  it('gives an activity a span under the carrier in its input, with its run and partition', async () => {
    await invoke(
      'activityTrigger',
      { runId: 'r1', partition: 'emea', trace: { traceparent: `00-${TRACE}-${PARENT}-01` } },
      () => ({
        name: 'emea',
        status: 'failed',
        error: { code: 'ORDERS_API_FORBIDDEN', message: 'secret words' },
      }),
    );
    const [span] = telemetry.spans();
    assert.equal(span?.name, 'activity fn');
    assert.equal(span.spanContext().traceId, TRACE);
    assert.equal(span.parentSpanContext?.spanId, PARENT);
    assert.equal(span.attributes['orders.run_id'], 'r1');
    assert.equal(span.attributes['orders.partition'], 'emea');
    assert.deepEqual(span.status, { code: SpanStatusCode.ERROR, message: 'ORDERS_API_FORBIDDEN' });
  });

  it('continues an HTTP request’s traceparent as a server span with its status', async () => {
    const request = new HttpRequest({
      method: 'GET',
      url: 'http://localhost/api/orders',
      headers: { traceparent: `00-${TRACE}-${PARENT}-01` },
    });
    await invoke('httpTrigger', request, () => ({ status: 503 }), { route: 'orders' });
    const [span] = telemetry.spans();
    assert.equal(span?.name, 'GET /api/orders');
    assert.equal(span.kind, SpanKind.SERVER);
    assert.equal(span.spanContext().traceId, TRACE);
    assert.equal(span.parentSpanContext?.spanId, PARENT);
    assert.equal(span.attributes['http.response.status_code'], 503);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
  });

  it('gives an orchestrator no span, yet still runs it in the invocation scope', async () => {
    const { logs } = await invoke('orchestrationTrigger', {}, () =>
      ambientLogger.info('replaying'),
    );
    assert.deepEqual(telemetry.spans(), []);
    assert.deepEqual(logs, ['replaying']);
  });

  it('sends process-wide logger lines through the invocation, as log records bound to its span', async () => {
    const { logs } = await invoke('timerTrigger', {}, () => {
      ambientLogger.warn('token refused', { code: 'X' });
    });
    assert.deepEqual(logs, ['token refused {"code":"X"}']);
    const [span] = telemetry.spans();
    assert.equal(span?.name, 'timer fn');
    assert.deepEqual(telemetry.logBodies(), [
      {
        body: 'token refused {"code":"X"}',
        traceId: span.spanContext().traceId,
        spanId: span.spanContext().spanId,
        attributes: { 'faas.name': 'fn', 'faas.invocation_id': 'inv-1' },
      },
    ]);
  });

  it('sends a line logged after the invocation finished (a background refresh) to the console', async () => {
    let release: () => void = () => {};
    let logged: Promise<void> = Promise.resolve();
    const { logs } = await invoke('timerTrigger', {}, () => {
      // Started inside the invocation, so it runs in its async context, but after it returned.
      logged = new Promise<void>((resolve) => {
        release = resolve;
      }).then(() => ambientLogger.info('background refresh failed'));
    });
    const printed: unknown[] = [];
    const original = console.info;
    console.info = (...args: unknown[]) => printed.push(...args);
    try {
      release();
      await logged;
    } finally {
      console.info = original;
    }
    assert.deepEqual(logs, []);
    assert.deepEqual(printed, ['background refresh failed']);
  });

  it('records a thrown error by its class only', async () => {
    await invoke('timerTrigger', {}, () => {
      throw new TypeError('has a secret in it');
    });
    const [span] = telemetry.spans();
    assert.deepEqual(span?.status, { code: SpanStatusCode.ERROR, message: 'TypeError' });
    assert.equal(span.attributes['error.type'], 'TypeError');
  });
});
