/**
 * The run's telemetry through the real durable-functions replay on the local durable engine: one
 * orchestration span per run however many times the orchestrator replays, with the ids every
 * activity input carried as its parent, and metrics equal to the summary.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { SpanStatusCode } from '@opentelemetry/api';
import df from 'durable-functions';

import { orchestratePartition } from '../../../client-app/sync/orchestratePartition.js';
import { orchestrateSync } from '../../../client-app/sync/orchestrateSync.js';
import {
  SYNC_ACTIVITIES,
  SYNC_ORCHESTRATION,
  SYNC_PARTITION_ORCHESTRATION,
} from '../../../client-app/sync/syncNames.js';
import type {
  PartitionTask,
  SyncRunInput,
  SyncSummary,
} from '../../../client-app/sync/syncTypes.js';
import { fromTraceCarrier } from '../../../shared/telemetry/traceCarrier.js';
import { ATTR, METRIC } from '../../../shared/telemetry/telemetryNames.js';
import {
  registerApp,
  startHarness,
  type Harness,
} from '../../local/host/durable/support/durableHarness.js';
import { startTelemetryHarness, type TelemetryHarness } from '../../support/telemetryHarness.js';

const carriers: unknown[] = [];
const registry = registerApp(() => {
  df.app.orchestration(SYNC_ORCHESTRATION, orchestrateSync);
  df.app.orchestration(SYNC_PARTITION_ORCHESTRATION, orchestratePartition);
  df.app.activity(SYNC_ACTIVITIES.listPartitions, {
    handler: (input: { trace?: unknown }) => {
      carriers.push(input.trace);
      return { ok: true, partitions: ['a', 'b', 'c'] };
    },
  });
  df.app.activity(SYNC_ACTIVITIES.syncChunk, {
    handler: (input: unknown) => {
      const { partition, trace } = input as PartitionTask;
      carriers.push(trace);
      if (partition === 'c') {
        return {
          name: partition,
          status: 'failed',
          orders: 0,
          pages: 0,
          chunks: 0,
          error: { code: 'ORDERS_API_FORBIDDEN', message: 'no', retryable: false, fatal: false },
        };
      }
      const orders = partition === 'a' ? 7 : 3;
      return { name: partition, status: 'synced', mode: 'full', orders, pages: 2, chunks: 1 };
    },
  });
  df.app.activity(SYNC_ACTIVITIES.writeRunReport, {
    handler: (summary: SyncSummary) => {
      carriers.push(summary.trace);
      return `runs/${summary.runId}/report.json`;
    },
  });
});

const STARTER = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

describe('recordRunTelemetry', () => {
  let harness: Harness;
  let telemetry: TelemetryHarness;
  let orchestratorRuns = 0;
  before(async () => {
    telemetry = startTelemetryHarness();
    harness = await startHarness(registry, {
      wrapInvoke: (invoke) => (name, input) => {
        if (name === SYNC_ORCHESTRATION) orchestratorRuns++;
        return invoke(name, input);
      },
    });
  });
  after(async () => {
    await harness.close();
    await telemetry.stop();
  });

  it('emits one run span, child of the starter, parent of every activity, however often it replays', async () => {
    const input: SyncRunInput = {
      trigger: 'timer',
      mode: 'full',
      maxParallel: 1,
      activityRetry: { firstRetryIntervalMs: 1000, maxAttempts: 1 },
      trace: STARTER,
    };
    const id = await harness.client.startNew(SYNC_ORCHESTRATION, { input });
    const record = await harness.engine.waitForCompletion(id);
    const summary = JSON.parse(record.output ?? 'null') as SyncSummary;
    assert.equal(summary.status, 'completedWithFailures');
    assert.ok(orchestratorRuns >= 5, `the orchestrator ran ${orchestratorRuns} times`);

    const runSpans = telemetry.spans().filter((span) => span.name === 'sync run');
    assert.equal(runSpans.length, 1);
    const [run] = runSpans;
    assert.ok(run);
    const { traceId, spanId } = run.spanContext();
    assert.equal(traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(run.parentSpanContext?.spanId, 'b7ad6b7169203331');
    assert.deepEqual(
      carriers.map((carrier) => fromTraceCarrier(carrier)),
      carriers.map(() => ({ traceId, spanId, traceFlags: 1, isRemote: true })),
    );
    assert.equal(carriers.length, 5);
    assert.deepEqual(
      {
        runId: run.attributes[ATTR.runId],
        status: run.attributes[ATTR.runStatus],
        orders: run.attributes[ATTR.orders],
        pages: run.attributes[ATTR.pages],
      },
      { runId: summary.runId, status: 'completedWithFailures', orders: 10, pages: 4 },
    );
    assert.equal(run.status.code, SpanStatusCode.ERROR);
    assert.equal(run.startTime[0] * 1000 + run.startTime[1] / 1e6, Date.parse(summary.startedAt));
    assert.equal(run.endTime[0] * 1000 + run.endTime[1] / 1e6, Date.parse(summary.finishedAt));
  });

  it('records the metrics of the summary, once', async () => {
    const byPartition = (points: { attributes: Record<string, unknown>; value: unknown }[]) =>
      Object.fromEntries(
        points.map((p) => [String(p.attributes[ATTR.partition]), p.value]),
      ) as Record<string, unknown>;
    assert.deepEqual(byPartition(await telemetry.metric(METRIC.ordersSynced)), {
      a: 7,
      b: 3,
      c: 0,
    });
    assert.deepEqual(byPartition(await telemetry.metric(METRIC.pagesRead)), { a: 2, b: 2, c: 0 });
    assert.deepEqual(await telemetry.metric(METRIC.partitionFailures), [
      { attributes: { [ATTR.failureCode]: 'ORDERS_API_FORBIDDEN' }, value: 1 },
    ]);
    const durations = await telemetry.metric(METRIC.runDuration);
    assert.equal(durations.length, 1);
    assert.equal((durations[0]?.value as { count: number }).count, 1);
  });
});
