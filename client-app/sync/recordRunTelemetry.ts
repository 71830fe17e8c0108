import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

import { instruments, tracer } from '../../shared/telemetry/instruments.js';
import { withPresetIds } from '../../shared/telemetry/presetSpanIds.js';
import { ATTR } from '../../shared/telemetry/telemetryNames.js';
import type { RunTrace } from './runTrace.js';
import type { SyncSummary } from './syncTypes.js';

/**
 * The run's telemetry, from its final summary: the orchestration span (ids from `runTrace`,
 * start and end from the orchestration clock) and the run's metrics. Called by the orchestrator
 * only when not replaying, so each run emits it once; activities run at least once, so counting
 * there would overcount. Records nothing when no SDK is set up (the API's no-ops).
 */
export function recordRunTelemetry(runTrace: RunTrace, summary: SyncSummary): void {
  const parent = runTrace.parent
    ? trace.setSpanContext(ROOT_CONTEXT, { ...runTrace.parent, isRemote: true })
    : ROOT_CONTEXT;
  const span = withPresetIds({ traceId: runTrace.traceId, spanId: runTrace.spanId }, () =>
    tracer().startSpan(
      'sync run',
      {
        kind: SpanKind.INTERNAL,
        startTime: new Date(summary.startedAt),
        attributes: {
          [ATTR.runId]: summary.runId,
          [ATTR.trigger]: summary.trigger,
          [ATTR.runStatus]: summary.status,
          [ATTR.orders]: summary.totals.orders,
          [ATTR.pages]: summary.totals.pages,
          'orders.sync.mode': summary.mode,
          'orders.partitions.total': summary.totals.partitions,
          'orders.partitions.failed': summary.totals.failed,
        },
      },
      parent,
    ),
  );
  if (summary.abortedBecause) {
    span.setAttribute(ATTR.failureCode, summary.abortedBecause.code);
    span.setStatus({ code: SpanStatusCode.ERROR, message: summary.abortedBecause.code });
  } else if (summary.status === 'completedWithFailures') {
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'completedWithFailures' });
  }
  span.end(new Date(summary.finishedAt));

  const meters = instruments();
  for (const partition of summary.partitions) {
    const attributes = { [ATTR.partition]: partition.name };
    meters.ordersSynced.add(partition.orders, attributes);
    meters.pagesRead.add(partition.pages, attributes);
    if (partition.status === 'failed') {
      meters.partitionFailures.add(1, { [ATTR.failureCode]: partition.error?.code ?? 'UNKNOWN' });
    }
  }
  const seconds = (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000;
  meters.runDuration.record(seconds, { [ATTR.runStatus]: summary.status });
}
