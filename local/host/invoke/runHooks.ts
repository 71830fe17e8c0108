import type { FunctionRegistry, HookName } from '../core/FunctionRegistry.js';

/**
 * Runs the app's hooks of one kind in registration order, awaiting each, as the worker's
 * `executeHooks` does. A throwing hook stops the rest and rejects.
 */
export async function runHooks(
  registry: FunctionRegistry,
  name: HookName,
  context: object,
): Promise<void> {
  for (const hook of registry.hooks(name)) await hook(context);
}

/** The core context of appStart / appTerminate hooks, shaped as the worker builds it. */
export function appHookContext(
  registry: FunctionRegistry,
  functionAppDirectory?: string,
): Readonly<Record<string, unknown>> {
  return {
    get hookData() {
      return registry.appLevelHookData;
    },
    get appHookData() {
      return registry.appHookData;
    },
    ...(functionAppDirectory === undefined ? {} : { functionAppDirectory }),
  };
}
