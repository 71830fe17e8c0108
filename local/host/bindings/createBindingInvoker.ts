import { randomUUID } from 'node:crypto';

import type { BindingMetadata, FunctionMetadata, HostLog } from '../contracts.js';
import { describeStorageError } from './describeStorageError.js';
import type { HostInvokeFunction } from '../invoke/createInvoker.js';
import { isTriggerType, triggerOf } from '../invoke/toEffectiveOptions.js';
import { bindingDataOf } from './bindingDataOf.js';
import { readBlob, writeBlob } from './blobValues.js';
import { splitBlobPath } from './matchBlobPath.js';
import { sendQueueMessages } from './queueValues.js';
import type { StorageOptions } from './readStorageOptions.js';
import { resolveBindingExpression, type ExpressionContext } from './resolveBindingExpression.js';
import { resolveConnection } from './resolveConnection.js';
import { connectionNameOf, isStorageBinding, stringProperty } from './storageBindingKinds.js';
import type { StorageClients } from './StorageClients.js';
import { readTable, writeTable } from './tableValues.js';

export interface BindingInvokerOptions {
  /** The functions the host serves. */
  readonly functions: readonly FunctionMetadata[];
  readonly settings: Readonly<Record<string, string | undefined>>;
  readonly storage: StorageOptions;
  readonly clients: StorageClients;
  readonly log: HostLog;
  /** For `{DateTime}`; the host's clock. */
  readonly now: () => number;
}

type NamedBinding = readonly [name: string, binding: BindingMetadata];

/**
 * Wraps the host's invoker with the storage input and output bindings, as the Functions host
 * binds around each invocation: before it, blob and table inputs are read (paths, keys and
 * filters filled from the trigger's binding data); once the handler succeeds, what it set on
 * blob, queue and table outputs (and a storage `$return`) is written before the invocation
 * counts as done. A failed handler writes nothing. Functions without storage bindings pass
 * straight through.
 *
 * @throws an Error naming the function and binding when a binding cannot be read or written
 *   (the invocation then counts as failed: an activity fails, a queue message is retried).
 */
export function createBindingInvoker(
  invoke: HostInvokeFunction,
  options: BindingInvokerOptions,
): HostInvokeFunction {
  const byName = new Map(
    options.functions.map((fn) => {
      const storage = Object.entries(fn.bindings).filter(
        ([, binding]) => isStorageBinding(binding) && !isTriggerType(binding.type),
      );
      return [fn.name.toLowerCase(), { fn, storage }] as const;
    }),
  );
  return async (functionName, input, invokeOptions = {}) => {
    const entry = byName.get(functionName.toLowerCase());
    if (!entry || entry.storage.length === 0) return invoke(functionName, input, invokeOptions);
    const { fn, storage } = entry;
    const context: ExpressionContext = {
      data: bindingDataOf(triggerOf(fn).type, input, invokeOptions.triggerMetadata),
      settings: options.settings,
      now: new Date(options.now()),
      newGuid: randomUUID,
    };
    // An input that cannot be bound fails the invocation before the handler runs.
    const fail = (message: string): never => {
      options.log('error', `Exception while executing function: Functions.${fn.name}. ${message}`);
      throw new Error(message);
    };

    const extraInputs: Record<string, unknown> = { ...invokeOptions.extraInputs };
    for (const [name, binding] of storage.filter(([, b]) => b.direction === 'in')) {
      try {
        extraInputs[name] = await readInput(binding, context, options);
      } catch (error) {
        fail(`Exception binding parameter '${name}': ${describeStorageError(error)}`);
      }
    }
    const writes: NamedBinding[] = storage.filter(([, b]) => b.direction === 'out');
    if (writes.length === 0) return invoke(functionName, input, { ...invokeOptions, extraInputs });
    return invoke(functionName, input, {
      ...invokeOptions,
      extraInputs,
      // Within the invocation, as the Functions host flushes outputs before `Executed`.
      onExtraOutputs: async (values) => {
        await invokeOptions.onExtraOutputs?.(values);
        for (const [name, binding] of writes) {
          const value = values[name];
          if (value === undefined || value === null) continue;
          try {
            await writeOutput(binding, value, context, options);
          } catch (error) {
            throw new Error(
              `Error while handling parameter '${name}' after function returned: ${describeStorageError(error)}`,
              { cause: error },
            );
          }
        }
      },
    });
  };
}

async function readInput(
  binding: BindingMetadata,
  context: ExpressionContext,
  options: BindingInvokerOptions,
): Promise<unknown> {
  const connectionString = connectionOf(binding, options);
  if (binding.type === 'blob') {
    const { container, blob } = splitBlobPath(expand(binding, 'path', context) ?? '');
    return readBlob(options.clients, connectionString, container, blob, binding.dataType);
  }
  const take = binding.take === undefined ? undefined : Number(binding.take);
  return readTable(options.clients, connectionString, {
    tableName: expand(binding, 'tableName', context) ?? '',
    ...optional('partitionKey', expand(binding, 'partitionKey', context)),
    ...optional('rowKey', expand(binding, 'rowKey', context)),
    ...optional('filter', expand(binding, 'filter', context)),
    ...optional(
      'take',
      take !== undefined && Number.isInteger(take) && take > 0 ? take : undefined,
    ),
  });
}

async function writeOutput(
  binding: BindingMetadata,
  value: unknown,
  context: ExpressionContext,
  options: BindingInvokerOptions,
): Promise<void> {
  const connectionString = connectionOf(binding, options);
  switch (binding.type) {
    case 'blob': {
      const { container, blob } = splitBlobPath(expand(binding, 'path', context) ?? '');
      return writeBlob(options.clients, connectionString, container, blob, value);
    }
    case 'queue':
      return sendQueueMessages(
        options.clients,
        connectionString,
        // The host lowercases queue names (the service allows only lowercase).
        (expand(binding, 'queueName', context) ?? '').toLowerCase(),
        value,
        options.storage.queues.messageEncoding,
      );
    default:
      return writeTable(
        options.clients,
        connectionString,
        {
          tableName: expand(binding, 'tableName', context) ?? '',
          ...optional('partitionKey', expand(binding, 'partitionKey', context)),
          ...optional('rowKey', expand(binding, 'rowKey', context)),
        },
        value,
      );
  }
}

/** The binding property with its expressions filled; throws the host's message when it cannot be. */
function expand(
  binding: BindingMetadata,
  key: string,
  context: ExpressionContext,
): string | undefined {
  const template = stringProperty(binding, key);
  if (template === undefined) return undefined;
  const resolved = resolveBindingExpression(template, context);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.value;
}

function connectionOf(binding: BindingMetadata, options: BindingInvokerOptions): string {
  const connection = resolveConnection(connectionNameOf(binding), options.settings);
  // Checked at startup (selectServableFunctions); a setting cannot disappear since.
  if (!connection.ok) throw new Error(connection.message);
  return connection.connectionString;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
