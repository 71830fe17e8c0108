import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

interface PresetIds {
  readonly traceId: string;
  readonly spanId: string;
}

let preset: PresetIds | undefined;

/**
 * Runs `start`, which must create exactly one span, synchronously, so that span gets the ids
 * given: how the run's orchestration span, emitted once when the run completes, has the span id
 * its activities named as their parent all along (see runTrace). Needs
 * {@link PresetIdSpanProcessor} first in the provider's processors; without an SDK, nothing.
 */
export function withPresetIds<T>(ids: PresetIds, start: () => T): T {
  preset = ids;
  try {
    return start();
  } finally {
    preset = undefined;
  }
}

/**
 * Gives the span started inside {@link withPresetIds} its preset ids. The distro takes no
 * IdGenerator, so this is done where both setups let us in: the span processor's `onStart`, which
 * the SDK calls synchronously from `startSpan`, before any exporter sees the span. It relies on
 * `spanContext()` returning the span's own context object (sdk-trace-base 2.x); a test pins it.
 */
export class PresetIdSpanProcessor implements SpanProcessor {
  onStart(span: Span, _parentContext: Context): void {
    if (preset === undefined) return;
    const context = span.spanContext() as { traceId: string; spanId: string };
    context.traceId = preset.traceId;
    context.spanId = preset.spanId;
    preset = undefined;
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
