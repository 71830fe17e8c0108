import type { OrchestrationContext } from 'durable-functions';

import {
  fromTraceCarrier,
  idsFromGuid,
  type TraceCarrier,
} from '../../shared/telemetry/traceCarrier.js';

/**
 * The run's place in its trace, the same in every replay: the span id comes from a durable GUID
 * (the instance id, the orchestration clock and a counter), the trace id from the starter's
 * carrier (timer or `POST /api/sync`) or, without one, from the same GUID. Activities and
 * sub-orchestrations get `carrier` in their input; the span itself is emitted once, when the run
 * completes (recordRunTelemetry).
 */
export interface RunTrace {
  readonly traceId: string;
  readonly spanId: string;
  /** The starter's span context, the run span's parent. */
  readonly parent?: {
    readonly traceId: string;
    readonly spanId: string;
    readonly traceFlags: number;
  };
  readonly carrier: TraceCarrier;
}

/** Call once per orchestrator execution, after the GUIDs the run already takes. */
export function runTraceOf(context: OrchestrationContext, starter: unknown): RunTrace {
  const ids = idsFromGuid(context.df.newGuid(`${context.df.instanceId}:trace`));
  const parent = fromTraceCarrier(starter);
  const traceId = parent?.traceId ?? ids.traceId;
  // An unsampled starter stays unsampled downstream.
  const flags = parent === undefined || parent.traceFlags & 1 ? '01' : '00';
  return {
    traceId,
    spanId: ids.spanId,
    ...(parent ? { parent } : {}),
    carrier: { traceparent: `00-${traceId}-${ids.spanId}-${flags}` },
  };
}
