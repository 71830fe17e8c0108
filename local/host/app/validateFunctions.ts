import type { FunctionMetadata } from '../contracts.js';
import { HostError } from '../core/HostError.js';
import { assertNoEntities } from './assertNoEntities.js';

/** Binding types the local host can serve, by direction. */
const SUPPORTED: Readonly<Record<string, 'in' | 'out'>> = {
  httpTrigger: 'in',
  timerTrigger: 'in',
  orchestrationTrigger: 'in',
  activityTrigger: 'in',
  durableClient: 'in',
  http: 'out',
};

const SUPPORTED_TEXT =
  'httpTrigger (with http output), timerTrigger, orchestrationTrigger, activityTrigger, durableClient input';

/**
 * Fails startup when a function uses a trigger or binding the local host cannot serve, naming
 * every offending function and binding in one line.
 *
 * @throws {HostError} `ERR_HOST_ENTITIES_UNSUPPORTED` for durable entities (checked first),
 *   `ERR_HOST_UNSUPPORTED_BINDING` otherwise.
 */
export function validateFunctions(functions: readonly FunctionMetadata[]): void {
  assertNoEntities(functions);
  const problems: string[] = [];
  for (const fn of functions) {
    for (const [name, binding] of Object.entries(fn.bindings)) {
      if (SUPPORTED[binding.type] !== binding.direction) {
        problems.push(
          `function "${fn.name}" binding "${name}" (type ${binding.type}, direction ${binding.direction})`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new HostError(
      'ERR_HOST_UNSUPPORTED_BINDING',
      `Unsupported by the local host: ${problems.join('; ')}. Supported: ${SUPPORTED_TEXT}.`,
    );
  }
}
