import { ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context } from '@opentelemetry/api';

import { fromTraceCarrier } from './traceCarrier.js';
import { ATTR } from './telemetryNames.js';

/** What the hooks know about an invocation before its handler runs. */
export interface InvocationFacts {
  readonly functionName: string;
  readonly invocationId: string;
  /** `options.trigger.type`: `httpTrigger`, `timerTrigger`, `activityTrigger`, … */
  readonly triggerType: string;
  /** The HTTP trigger's route template, when there is one. */
  readonly route?: string;
  /** The first input: the request, the timer, the activity input. */
  readonly input: unknown;
  /** The host's trace context (`InvocationContext.traceContext.traceParent`), set in Azure. */
  readonly traceParent?: string;
}

/** The span an invocation gets: its name, kind, attributes and parent context. */
export interface InvocationSpanPlan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly parent: Context;
}

const NO_SPAN = new Set(['orchestrationTrigger', 'entityTrigger']);

/**
 * Decides the span of one invocation, or none: orchestrator and entity invocations replay many
 * times, so they get none (the run's span is emitted once, by the orchestration, see
 * recordRunTelemetry). The parent, in order: an activity input's `trace` carrier (the run's
 * trace, whatever the host did); the host's own trace context (Azure, OTel mode); an HTTP
 * request's `traceparent` header (the local host passes the request as it came); else a new
 * trace.
 */
export function planInvocationSpan(facts: InvocationFacts): InvocationSpanPlan | undefined {
  if (NO_SPAN.has(facts.triggerType)) return undefined;
  const attributes: Record<string, string> = {
    [ATTR.functionName]: facts.functionName,
    [ATTR.invocationId]: facts.invocationId,
    [ATTR.faasTrigger]: faasTrigger(facts.triggerType),
  };
  const hostParent = fromHost(facts);
  if (facts.triggerType === 'activityTrigger') {
    Object.assign(attributes, runAttributes(facts.input));
    const carried = fromTraceCarrier(traceField(facts.input));
    return {
      name: `activity ${facts.functionName}`,
      kind: SpanKind.INTERNAL,
      attributes,
      parent: carried ? trace.setSpanContext(ROOT_CONTEXT, carried) : (hostParent ?? ROOT_CONTEXT),
    };
  }
  if (facts.triggerType === 'httpTrigger') {
    const request = facts.input as { method?: unknown; headers?: unknown };
    const method = typeof request.method === 'string' ? request.method : 'GET';
    const route = `/api/${facts.route ?? facts.functionName}`;
    attributes[ATTR.httpMethod] = method;
    attributes[ATTR.httpRoute] = route;
    return {
      name: `${method} ${route}`,
      kind: SpanKind.SERVER,
      attributes,
      parent: hostParent ?? fromHeaders(request.headers),
    };
  }
  return {
    name: `${facts.triggerType === 'timerTrigger' ? 'timer' : 'invoke'} ${facts.functionName}`,
    kind: SpanKind.INTERNAL,
    attributes,
    parent: hostParent ?? ROOT_CONTEXT,
  };
}

function faasTrigger(triggerType: string): string {
  if (triggerType === 'httpTrigger') return 'http';
  if (triggerType === 'timerTrigger') return 'timer';
  return 'other';
}

function fromHost(facts: InvocationFacts): Context | undefined {
  if (facts.traceParent === undefined || facts.traceParent === '') return undefined;
  // Parsed here rather than by propagation.extract, which is a no-op until an SDK registers a
  // propagator; set as the active span so children find a parent (extract alone sets none:
  // azure-functions-nodejs-opentelemetry DISTRIBUTED_TRACING_FIX.md).
  const carried = fromTraceCarrier({ traceparent: facts.traceParent.trim().toLowerCase() });
  return carried ? trace.setSpanContext(ROOT_CONTEXT, carried) : undefined;
}

function fromHeaders(headers: unknown): Context {
  if (!(headers instanceof Headers)) return ROOT_CONTEXT;
  const traceparent = headers.get('traceparent');
  if (traceparent === null) return ROOT_CONTEXT;
  const carried = fromTraceCarrier({ traceparent: traceparent.trim().toLowerCase() });
  return carried ? trace.setSpanContext(ROOT_CONTEXT, carried) : ROOT_CONTEXT;
}

function traceField(input: unknown): unknown {
  return typeof input === 'object' && input !== null
    ? (input as { trace?: unknown }).trace
    : undefined;
}

/** The run id and partition an activity input names (our inputs carry them; nothing else). */
function runAttributes(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null) return {};
  const { runId, partition } = input as { runId?: unknown; partition?: unknown };
  return {
    ...(typeof runId === 'string' ? { [ATTR.runId]: runId } : {}),
    ...(typeof partition === 'string' ? { [ATTR.partition]: partition } : {}),
  };
}
