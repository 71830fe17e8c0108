import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * One finished span as the trace file holds it (one JSON object a line), and as
 * `npm run trace` reads it back. Times are epoch milliseconds (fractions kept).
 */
export interface SpanRecord {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  readonly startMs: number;
  readonly endMs: number;
  readonly status: 'unset' | 'ok' | 'error';
  readonly statusMessage?: string;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly events?: readonly { readonly name: string; readonly atMs: number }[];
}

const KINDS: Readonly<Record<SpanKind, SpanRecord['kind']>> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/** A finished SDK span as a {@link SpanRecord}. */
export function toSpanRecord(span: ReadableSpan, service: string): SpanRecord {
  const attributes: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(span.attributes)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      attributes[key] = value;
    }
  }
  const parentSpanId = span.parentSpanContext?.spanId;
  return {
    service,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: span.name,
    kind: KINDS[span.kind],
    startMs: toMs(span.startTime),
    endMs: toMs(span.endTime),
    status:
      span.status.code === SpanStatusCode.ERROR
        ? 'error'
        : span.status.code === SpanStatusCode.OK
          ? 'ok'
          : 'unset',
    ...(span.status.message ? { statusMessage: span.status.message } : {}),
    attributes,
    ...(span.events.length > 0
      ? { events: span.events.map((event) => ({ name: event.name, atMs: toMs(event.time) })) }
      : {}),
  };
}

function toMs([seconds, nanos]: readonly [number, number]): number {
  return seconds * 1000 + nanos / 1e6;
}
