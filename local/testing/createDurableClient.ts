import { randomUUID } from 'node:crypto';

import azureFunctions from '@azure/functions';
import df, { type DurableClient } from 'durable-functions';

// The library is a webpack bundle: Node cannot see its class exports by name from ESM.
const { InvocationContext } = azureFunctions;

/**
 * A `DurableClient` got the way a client function gets it: `df.getClient(context)` over a
 * context whose durableClient input holds `clientInput` (the engine's binding value).
 */
export function createDurableClient(clientInput: unknown): DurableClient {
  const binding = df.input.durableClient();
  const context = new InvocationContext({
    functionName: 'testHostClient',
    invocationId: randomUUID(),
    options: { extraInputs: [binding] },
  });
  context.extraInputs.set(binding, clientInput);
  return df.getClient(context);
}
