import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { format } from 'node:util';

import azureFunctions, { type InvocationContext as Context, type LogLevel } from '@azure/functions';

import { createLogFilter, type LogFilter } from '../app/createLogFilter.js';
import type { HostLog, InvokeOptions } from '../contracts.js';
import { describeError } from '../core/describeError.js';
import type { FunctionRegistry } from '../core/FunctionRegistry.js';
import { HostError } from '../core/HostError.js';
import { toConsoleLevel, toFunctionsLogLevel } from '../core/toHostLogLevel.js';
import { runHooks } from './runHooks.js';
import { RETURN_BINDING_KEY, toEffectiveOptions } from './toEffectiveOptions.js';

// The library is a webpack bundle: Node cannot see its class exports by name from ESM.
const { InvocationContext } = azureFunctions;

/** {@link InvokeOptions} plus what only the host core's own callers set. */
export interface HostInvokeOptions extends InvokeOptions {
  /** Shown in the `Executing` line, e.g. `Timer fired at …`; `(null)` when omitted, as for durable work items. */
  readonly reason?: string;
  /** Values of the function's input bindings (blob, table), by binding name; the host's storage bindings read them. */
  readonly extraInputs?: Readonly<Record<string, unknown>>;
  /** `context.triggerMetadata` (e.g. a queue message's `dequeueCount`, a blob's `name`). */
  readonly triggerMetadata?: Readonly<Record<string, unknown>>;
  /**
   * Receives what the handler set with `context.extraOutputs.set()` (and a non-HTTP `$return`
   * value), by binding name, once it succeeded, and writes them: the invocation counts as done
   * (`Executed … Succeeded`) only once this settles, and fails when it rejects.
   */
  readonly onExtraOutputs?: (outputs: Readonly<Record<string, unknown>>) => void | Promise<void>;
}

/** Invokes a registered function; a superset of the contract's `InvokeFunction`. */
export type HostInvokeFunction = (
  functionName: string,
  triggerInput: unknown,
  options?: HostInvokeOptions,
) => Promise<unknown>;

export interface InvokerOptions {
  readonly registry: FunctionRegistry;
  readonly log: HostLog;
  /** Which lines to show, by category (`Function.<name>`, `Function.<name>.User`); default Information and above. */
  readonly logFilter?: LogFilter;
}

/**
 * Creates the host's invoker: a fresh `InvocationContext` per call (with `options` from the
 * bindings and the durable client input set), preInvocation hooks (which may replace the handler
 * and inputs), the handler, postInvocation hooks (which may replace the result or error), and
 * Core-Tools-like `Executing`/`Executed` lines. Rejects with the handler's (or a hook's) error.
 */
export function createInvoker({
  registry,
  log,
  logFilter = createLogFilter({}),
}: InvokerOptions): HostInvokeFunction {
  return async (functionName, triggerInput, options = {}) => {
    const fn = registry.get(functionName);
    if (!fn) {
      throw new HostError(
        'ERR_HOST_UNKNOWN_FUNCTION',
        `No function named "${functionName}" is registered.`,
      );
    }
    const invocationId = randomUUID();
    const label = `Functions.${fn.name}`;
    const category = `Function.${fn.name}`;
    const showInfo = logFilter(category, 'Information');
    const hookData: Record<string, unknown> = {};
    const context = new InvocationContext({
      invocationId,
      functionName: fn.name,
      options: toEffectiveOptions(fn),
      ...(options.triggerMetadata ? { triggerMetadata: { ...options.triggerMetadata } } : {}),
      logHandler: (level: LogLevel, ...args: unknown[]) => {
        const entry = { level, message: format(...args) };
        runLogHooks(registry, entry, context, hookData, log);
        // context.trace/debug show once host.json lowers the function's level, as in the host.
        const functionsLevel = toFunctionsLogLevel(entry.level);
        if (functionsLevel && logFilter(`${category}.User`, functionsLevel)) {
          log(toConsoleLevel(functionsLevel), `[${fn.name}] ${entry.message}`);
        }
      },
    });
    for (const input of context.options.extraInputs) {
      if (input.type === 'durableClient') {
        context.extraInputs.set(input, options.durableClientInput);
      } else if (options.extraInputs && input.name in options.extraInputs) {
        context.extraInputs.set(input, options.extraInputs[input.name]);
      }
    }

    if (showInfo) {
      log(
        'info',
        `Executing '${label}' (Reason='${options.reason ?? '(null)'}', Id=${invocationId})`,
      );
    }
    const started = performance.now();
    const elapsed = () => `Duration=${Math.round(performance.now() - started)}ms`;
    try {
      const result = await invokeWithHooks(registry, fn.handler, triggerInput, context, hookData);
      await options.onExtraOutputs?.(extraOutputsOf(context, result));
      if (showInfo) {
        log('info', `Executed '${label}' (Succeeded, Id=${invocationId}, ${elapsed()})`);
      }
      return result;
    } catch (error) {
      if (logFilter(category, 'Error')) {
        log('error', `Executed '${label}' (Failed, Id=${invocationId}, ${elapsed()})`);
        log('error', `Exception while executing function: ${label}. ${describeError(error)}`);
      }
      throw error;
    }
  };
}

/**
 * The values the handler set on its output bindings, by binding name (unset ones left out),
 * with the return value under `$return` when it is bound to something other than HTTP.
 */
function extraOutputsOf(context: Context, result: unknown): Record<string, unknown> {
  const outputs: Record<string, unknown> = {};
  const bound = context.options.return;
  if (bound && bound.type !== 'http' && result !== undefined) outputs[RETURN_BINDING_KEY] = result;
  for (const output of context.options.extraOutputs) {
    const value: unknown = context.extraOutputs.get(output);
    if (value !== undefined) outputs[output.name] = value;
  }
  return outputs;
}

async function invokeWithHooks(
  registry: FunctionRegistry,
  handler: (...args: unknown[]) => unknown,
  triggerInput: unknown,
  context: Context,
  hookData: Record<string, unknown>,
): Promise<unknown> {
  // Read-only like the worker's core contexts; the library wraps these in its hook classes.
  const readOnly: PropertyDescriptorMap = {
    hookData: { get: () => hookData, enumerable: true },
    appHookData: { get: () => registry.appHookData, enumerable: true },
    invocationContext: { get: () => context, enumerable: true },
  };
  const pre = Object.defineProperties(
    { functionCallback: handler, inputs: [triggerInput] as unknown[] },
    readOnly,
  );
  await runHooks(registry, 'preInvocation', pre);
  const outcome: { inputs: unknown[]; result: unknown; error: unknown } = {
    inputs: pre.inputs,
    result: null,
    error: null,
  };
  const post = Object.defineProperties(outcome, readOnly);
  try {
    post.result = await pre.functionCallback(...pre.inputs, context);
  } catch (error) {
    post.error = error ?? new Error(String(error));
  }
  await runHooks(registry, 'postInvocation', post);
  // Rethrows exactly what the handler (or a hook) produced, as the worker does.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (post.error !== null && post.error !== undefined) throw post.error;
  return post.result;
}

function runLogHooks(
  registry: FunctionRegistry,
  entry: { level: LogLevel; message: string },
  invocationContext: Context,
  hookData: Record<string, unknown>,
  log: HostLog,
): void {
  for (const hook of registry.hooks('log')) {
    const context = {
      get level() {
        return entry.level;
      },
      set level(value: LogLevel) {
        entry.level = value;
      },
      get message() {
        return entry.message;
      },
      set message(value: string) {
        entry.message = value;
      },
      category: 'user',
      invocationContext,
      hookData,
      appHookData: registry.appHookData,
    };
    try {
      // Log hooks are synchronous in the worker; a returned promise is not awaited.
      void hook(context);
    } catch (error) {
      log('warn', `A log hook threw: ${describeError(error)}`);
    }
  }
}
