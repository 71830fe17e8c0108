import type { EffectiveFunctionOptions, FunctionInput, FunctionOutput } from '@azure/functions';

import type { BindingMetadata, FunctionMetadata } from '../contracts.js';

/** The key `@azure/functions` gives the binding of the handler's return value. */
export const RETURN_BINDING_KEY = '$return';

/** True for trigger binding types, by the library's rule (the type ends in "Trigger"). */
export function isTriggerType(type: string): boolean {
  return /trigger$/i.test(type);
}

/** The trigger binding of a registered function; `@azure/functions` always adds exactly one. */
export function triggerOf(fn: FunctionMetadata): BindingMetadata & { readonly name: string } {
  for (const [name, binding] of Object.entries(fn.bindings)) {
    if (isTriggerType(binding.type)) return { ...binding, name };
  }
  throw new TypeError(`Function "${fn.name}" has no trigger binding.`);
}

/**
 * `InvocationContext.options` for a function, built from its bindings the way the library's
 * `fromRpcBindings` does (binding names are the binding keys).
 */
export function toEffectiveOptions(fn: FunctionMetadata): EffectiveFunctionOptions {
  const extraInputs: FunctionInput[] = [];
  const extraOutputs: FunctionOutput[] = [];
  let returnBinding: FunctionOutput | undefined;
  for (const [name, binding] of Object.entries(fn.bindings)) {
    const option = { ...binding, type: binding.type, name };
    if (isTriggerType(binding.type)) continue;
    if (name === RETURN_BINDING_KEY) returnBinding = option;
    else if (binding.direction === 'in') extraInputs.push(option);
    else extraOutputs.push(option);
  }
  return {
    trigger: triggerOf(fn),
    ...(returnBinding ? { return: returnBinding } : {}),
    extraInputs,
    extraOutputs,
  };
}
