import type {
  InvocationContext,
  LogHookContext,
  PostInvocationContext,
  PreInvocationContext,
} from '@azure/functions';
import { app } from '@azure/functions';
import { context as otelContext, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';

import { finishedInvocations, invocationScope } from '../logging/invocationScope.js';
import { instruments, tracer } from './instruments.js';
import { planInvocationSpan } from './planInvocationSpan.js';
import { ATTR, INSTRUMENTATION_SCOPE } from './telemetryNames.js';

const SPAN_KEY = 'orders.telemetry.span';
const STARTED_KEY = 'orders.telemetry.started';

/** What the hooks need from the app: how to flush telemetry when the app stops. */
export interface TelemetryHookOptions {
  /** Called from appTerminate: flush and shut the SDK down (bounded by the caller). */
  readonly shutdown: () => Promise<void>;
  /** Whether an SDK records anything; without one there are no spans or records to make. */
  readonly recording: boolean;
  /**
   * Run each handler in {@link invocationScope}, so process-wide loggers write through it. That
   * AsyncLocalStorage makes every promise of the process dearer (Node's promise hooks), so only
   * an app that needs it asks for it: the server hands each request's log to its authenticator.
   */
  readonly bindInvocationScope: boolean;
}

/**
 * The cross-cutting part of the apps' telemetry, registered once for every function instead of
 * in each handler: an invocation span around each handler (none for orchestrators, which
 * replay), the handler run inside it and inside {@link invocationScope} (so process-wide loggers
 * write through the invocation), each `context.log` also emitted as an OTel log record bound to
 * the active span, and the SDK flushed when the app stops. Without an SDK and without the scope
 * (the server app with nothing configured) only the flush is registered: no cost per invocation.
 */
export function registerTelemetryHooks(options: TelemetryHookOptions): void {
  app.hook.appTerminate(() => options.shutdown());
  // Hooks cost each invocation something even when they do nothing: none without a use.
  if (!options.recording && !options.bindInvocationScope) return;
  const bind = options.bindInvocationScope;
  app.hook.preInvocation((hook) => startInvocationSpan(hook, bind));
  app.hook.postInvocation(endInvocationSpan);
  if (options.recording) app.hook.log(emitLogRecord);
}

/** Exported for tests: what the preInvocation hook does. */
export function startInvocationSpan(hook: PreInvocationContext, bindInvocationScope = true): void {
  const invocation = hook.invocationContext;
  const plan = planInvocationSpan({
    functionName: invocation.functionName,
    invocationId: invocation.invocationId,
    triggerType: invocation.options.trigger.type,
    ...routeOf(invocation),
    input: hook.inputs[0],
    ...(invocation.traceContext?.traceParent
      ? { traceParent: invocation.traceContext.traceParent }
      : {}),
  });
  // The library types handlers as returning `any`; they are passed through untouched.
  const handler = hook.functionHandler as (...args: unknown[]) => unknown;
  const scoped = bindInvocationScope
    ? (...args: unknown[]) => invocationScope.run(invocation, () => handler(...args))
    : handler;
  if (plan === undefined) {
    hook.functionHandler = scoped;
    return;
  }
  const span = tracer().startSpan(
    plan.name,
    { kind: plan.kind, attributes: plan.attributes },
    plan.parent,
  );
  hook.hookData[SPAN_KEY] = span;
  hook.hookData[STARTED_KEY] = performance.now();
  const active = trace.setSpan(plan.parent, span);
  hook.functionHandler = (...args: unknown[]) => otelContext.with(active, () => scoped(...args));
}

/** Exported for tests: what the postInvocation hook does. */
export function endInvocationSpan(hook: PostInvocationContext): void {
  const invocation = hook.invocationContext;
  finishedInvocations.add(invocation);
  const span = hook.hookData[SPAN_KEY] as Span | undefined;
  if (span === undefined) return;
  if (invocation.options.trigger.type === 'httpTrigger') {
    const status = hook.error ? 500 : statusOf(hook.result);
    span.setAttribute(ATTR.httpStatus, status);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    const started = hook.hookData[STARTED_KEY] as number;
    instruments().serverDuration.record((performance.now() - started) / 1000, {
      [ATTR.httpRoute]: `/api/${routeOf(invocation).route ?? invocation.functionName}`,
      [ATTR.httpStatus]: status,
    });
  }
  const failureCode = failureCodeOf(hook.result);
  if (failureCode !== undefined) {
    span.setAttribute(ATTR.failureCode, failureCode);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failureCode });
  }
  if (hook.error) {
    // The error's class only: messages may quote inputs.
    const type = hook.error instanceof Error ? hook.error.name : typeof hook.error;
    span.setAttribute(ATTR.errorType, type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  }
  span.end();
}

const SEVERITY: Readonly<Record<string, SeverityNumber>> = {
  trace: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  information: SeverityNumber.INFO,
  warning: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  critical: SeverityNumber.FATAL,
};

/** Exported for tests: each user log line of an invocation as an OTel log record. */
export function emitLogRecord(hook: LogHookContext): void {
  if (hook.category !== 'user') return;
  const invocation: InvocationContext | undefined = hook.invocationContext;
  logs.getLogger(INSTRUMENTATION_SCOPE).emit({
    severityNumber: SEVERITY[hook.level] ?? SeverityNumber.INFO,
    severityText: hook.level,
    body: hook.message,
    context: otelContext.active(),
    attributes:
      invocation === undefined
        ? {}
        : {
            [ATTR.functionName]: invocation.functionName,
            [ATTR.invocationId]: invocation.invocationId,
          },
  });
}

function routeOf(invocation: InvocationContext): { route?: string } {
  const route = (invocation.options.trigger as { route?: unknown }).route;
  return typeof route === 'string' ? { route } : {};
}

function statusOf(result: unknown): number {
  if (typeof result !== 'object' || result === null) return 200;
  const status = (result as { status?: unknown }).status;
  return typeof status === 'number' ? status : 200;
}

/** A failure value's code (`{ status: 'failed', error }` or `{ ok: false, error }`): never its message. */
function failureCodeOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const error = (result as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
