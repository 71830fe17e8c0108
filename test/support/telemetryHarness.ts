import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  MetricReader,
  type DataPoint,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

import { PresetIdSpanProcessor } from '../../shared/telemetry/presetSpanIds.js';

/** A reader the test collects from when it wants (cumulative sums). */
class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface TelemetryHarness {
  /** Every span ended so far. */
  spans(): ReadableSpan[];
  /** Every log record emitted so far, as the exporter got them. */
  logBodies(): { body: unknown; traceId?: string; spanId?: string; attributes: unknown }[];
  /** Current values of one metric: one entry per attribute set. */
  metric(name: string): Promise<{ attributes: Record<string, unknown>; value: unknown }[]>;
  reset(): void;
  stop(): Promise<void>;
}

/**
 * The SDK as startTelemetry sets it up (NodeSDK, the preset-id processor first), exporting to
 * memory: spans, logs and metrics a test can read back.
 */
export function startTelemetryHarness(): TelemetryHarness {
  const spans = new InMemorySpanExporter();
  const logExporter = new InMemoryLogRecordExporter();
  const reader = new TestMetricReader();
  const sdk = new NodeSDK({
    spanProcessors: [new PresetIdSpanProcessor(), new SimpleSpanProcessor(spans)],
    logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
    metricReaders: [reader],
    resourceDetectors: [],
  });
  sdk.start();
  return {
    spans: () => spans.getFinishedSpans(),
    logBodies: () =>
      logExporter.getFinishedLogRecords().map((record) => ({
        body: record.body,
        ...(record.spanContext
          ? { traceId: record.spanContext.traceId, spanId: record.spanContext.spanId }
          : {}),
        attributes: record.attributes,
      })),
    async metric(name) {
      const { resourceMetrics } = await reader.collect();
      const found: MetricData[] = resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .filter((m) => m.descriptor.name === name);
      return found.flatMap((m) =>
        (m.dataPoints as DataPoint<unknown>[]).map((point) => ({
          attributes: { ...point.attributes },
          value: point.value,
        })),
      );
    },
    reset() {
      spans.reset();
      logExporter.reset();
    },
    async stop() {
      await sdk.shutdown();
      trace.disable();
      metrics.disable();
      logs.disable();
      context.disable();
      propagation.disable();
    },
  };
}
