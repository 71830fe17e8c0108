import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';

import type { SpanRecord } from '../../../shared/telemetry/SpanRecord.js';
import { withPresetIds } from '../../../shared/telemetry/presetSpanIds.js';
import { startTelemetry } from '../../../shared/telemetry/startTelemetry.js';

const IDS = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) };
/** Ingestion on a closed loopback port: the distro starts, its exports fail fast, offline. */
const CONNECTION =
  'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/';

describe('startTelemetry', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'telemetry-'));
  });
  afterEach(async () => {
    for (const api of [trace, metrics, logs, context, propagation]) api.disable();
    await rm(dir, { recursive: true, force: true });
  });

  async function recordedAfter(start: () => Promise<{ shutdown(): Promise<void> }>) {
    const telemetry = await start();
    const span = withPresetIds(IDS, () => trace.getTracer('test').startSpan('preset'));
    trace.getTracer('test').startSpan('random').end();
    span.end();
    await telemetry.shutdown();
    const text = await readFile(path.join(dir, 'svc.ndjson'), 'utf8');
    return text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as SpanRecord);
  }

  it('loads no SDK when nothing is configured', async () => {
    const telemetry = await startTelemetry({ role: 'client', serviceName: 'svc' });
    assert.deepEqual(telemetry.exporters, []);
    assert.equal(trace.getTracer('test').startSpan('x').isRecording(), false);
    await telemetry.shutdown();
  });

  it('records to the trace file through the NodeSDK, the preset ids on their span only', async () => {
    const records = await recordedAfter(() =>
      startTelemetry({ role: 'client', serviceName: 'svc', traceDir: dir }),
    );
    const preset = records.find((r) => r.name === 'preset');
    const random = records.find((r) => r.name === 'random');
    assert.deepEqual([preset?.traceId, preset?.spanId], [IDS.traceId, IDS.spanId]);
    assert.notEqual(random?.traceId, IDS.traceId);
    assert.equal(preset?.service, 'svc');
  });

  it('records the same through the Azure Monitor distro, every trace sampled', async () => {
    const records = await recordedAfter(() =>
      startTelemetry({
        role: 'server',
        serviceName: 'svc',
        azureMonitor: { connectionString: CONNECTION },
        traceDir: dir,
      }),
    );
    assert.deepEqual(records.map((r) => r.name).sort(), ['preset', 'random']);
    const preset = records.find((r) => r.name === 'preset');
    assert.deepEqual([preset?.traceId, preset?.spanId], [IDS.traceId, IDS.spanId]);
  });
});
