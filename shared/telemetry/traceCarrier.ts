import { trace, TraceFlags, type Context, type SpanContext } from '@opentelemetry/api';

/**
 * A trace context as it crosses the durable boundary (activity and sub-orchestration inputs,
 * the run's input): the W3C `traceparent` only, ids and flags, never baggage or state, so
 * durable history gains 55 characters and nothing else.
 */
export interface TraceCarrier {
  readonly traceparent: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** `00-<trace id>-<span id>-<flags>` for a valid span context, else undefined. */
export function toTraceCarrier(spanContext: SpanContext | undefined): TraceCarrier | undefined {
  if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return { traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-${flags}` };
}

/** The carrier of the span active in `context`, if one is. */
export function carrierOf(context: Context): TraceCarrier | undefined {
  return toTraceCarrier(trace.getSpanContext(context));
}

/** The remote span context a carrier names; undefined for anything malformed or all-zero. */
export function fromTraceCarrier(carrier: unknown): SpanContext | undefined {
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  const { traceparent } = carrier as { traceparent?: unknown };
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent);
  if (!match) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
}

/**
 * Trace and span ids from a durable GUID (`context.df.newGuid`, deterministic across replays):
 * 32 hex digits for a trace id, the last 16 for a span id.
 */
export function idsFromGuid(guid: string): { readonly traceId: string; readonly spanId: string } {
  const hex = guid.replace(/-/g, '').toLowerCase().padEnd(32, '0').slice(0, 32);
  return { traceId: hex, spanId: hex.slice(16) };
}
