import type { FunctionMetadata } from '../contracts.js';
import { HostError } from '../core/HostError.js';

/**
 * Fails startup when the app registers durable entities, which the local engine does not run.
 *
 * @throws {HostError} `ERR_HOST_ENTITIES_UNSUPPORTED` naming every entity function.
 */
export function assertNoEntities(functions: readonly FunctionMetadata[]): void {
  const entities = functions.filter((fn) =>
    Object.values(fn.bindings).some((binding) => binding.type === 'entityTrigger'),
  );
  if (entities.length > 0) {
    throw new HostError(
      'ERR_HOST_ENTITIES_UNSUPPORTED',
      `Durable entities are not supported yet by the local host: ${entities.map((fn) => `"${fn.name}"`).join(', ')} use(s) entityTrigger.`,
    );
  }
}
