/**
 * The worker's side of the host's storage bindings (local/host/bindings): input values arrive
 * with the invocation, output values go back with its result, bytes as bytes.
 */
import type { HostInvokeOptions } from '../invoke/createInvoker.js';
import { toJsonValue } from './toJsonValue.js';
import type { InvokeMessage } from './workerMessages.js';

/** Bytes as the Node worker hands them to handlers: a Buffer (IPC may deliver a plain Uint8Array). */
export function toBuffer(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

/** The invoker options carrying a message's binding inputs and collecting its outputs. */
export function storageBindingOptions(
  message: InvokeMessage,
  onExtraOutputs: ((outputs: Readonly<Record<string, unknown>>) => Promise<void>) | undefined,
): Pick<HostInvokeOptions, 'extraInputs' | 'triggerMetadata' | 'onExtraOutputs'> {
  const inputs = message.extraInputs;
  return {
    ...(inputs && {
      extraInputs: Object.fromEntries(
        Object.entries(inputs).map(([name, value]) => [name, toBuffer(value)]),
      ),
    }),
    ...(message.triggerMetadata && { triggerMetadata: message.triggerMetadata }),
    ...(onExtraOutputs && {
      onExtraOutputs: (outputs) =>
        onExtraOutputs(
          Object.fromEntries(
            Object.entries(outputs).map(([name, value]) => [name, toOutputValue(value)]),
          ),
        ),
    }),
  };
}

/** Bytes stay bytes; anything else crosses as JSON would carry it. */
function toOutputValue(value: unknown): unknown {
  return value instanceof Uint8Array ? value : toJsonValue(value);
}
