import { resolveAppSettings } from '../bindings/resolveBindingExpression.js';
import { resolveConnection } from '../bindings/resolveConnection.js';
import {
  connectionNameOf,
  isStorageBinding,
  STORAGE_BINDING_DIRECTIONS,
  stringProperty,
} from '../bindings/storageBindingKinds.js';
import type { BindingMetadata, FunctionMetadata } from '../contracts.js';
import { assertNoEntities } from './assertNoEntities.js';

/** A function the host will not run, with the reason Core Tools would print. */
export interface DisabledFunction {
  readonly name: string;
  /** `The '<name>' function is in error: …`, one line. */
  readonly message: string;
}

export interface ServableFunctions {
  readonly enabled: readonly FunctionMetadata[];
  readonly disabled: readonly DisabledFunction[];
}

/** Binding types served by the host core and the durable engine, by direction. */
const CORE_BINDINGS: Readonly<Record<string, readonly ('in' | 'out')[]>> = {
  httpTrigger: ['in'],
  http: ['out'],
  timerTrigger: ['in'],
  orchestrationTrigger: ['in'],
  activityTrigger: ['in'],
  durableClient: ['in'],
};
const SERVED = { ...CORE_BINDINGS, ...STORAGE_BINDING_DIRECTIONS };

/** The property each storage binding cannot do without. */
const REQUIRED: Readonly<Record<string, string>> = {
  blob: 'path',
  blobTrigger: 'path',
  queue: 'queueName',
  queueTrigger: 'queueName',
  table: 'tableName',
};

/** The trigger property whose `%Setting%` references must resolve at startup. */
const TRIGGER_SETTINGS: Readonly<Record<string, string>> = {
  blobTrigger: 'path',
  queueTrigger: 'queueName',
};

/**
 * Splits the app's functions into those the local host serves and those it disables, as the
 * Functions host disables a function it cannot index and runs the rest: a binding type (or
 * direction) it does not implement, a storage binding whose connection setting is missing, a
 * trigger path or queue name naming a `%Setting%` that is not set, a blob trigger with
 * `source: 'EventGrid'`, or a storage binding without its path, queue or
 * table name.
 *
 * @throws {HostError} `ERR_HOST_ENTITIES_UNSUPPORTED` for durable entities: orchestrations that
 *   signal them could not run either, so the app does not start.
 */
export function selectServableFunctions(
  functions: readonly FunctionMetadata[],
  settings: Readonly<Record<string, string | undefined>>,
): ServableFunctions {
  assertNoEntities(functions);
  const enabled: FunctionMetadata[] = [];
  const disabled: DisabledFunction[] = [];
  for (const fn of functions) {
    const problem = problemOf(fn, settings);
    if (problem === undefined) enabled.push(fn);
    else
      disabled.push({
        name: fn.name,
        message: `The '${fn.name}' function is in error: ${problem}`,
      });
  }
  return { enabled, disabled };
}

function problemOf(
  fn: FunctionMetadata,
  settings: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const bindings = Object.entries(fn.bindings);
  const unsupported = bindings
    .map(([, binding]) => binding)
    .filter((binding) => !isServed(binding))
    .map((binding) =>
      SERVED[binding.type]
        ? `'${binding.type}' (direction ${binding.direction})`
        : `'${binding.type}'`,
    );
  if (unsupported.length > 0) {
    return `The binding type(s) ${unsupported.join(', ')} are not supported by the local host (it serves ${Object.keys(SERVED).join(', ')}). The function is disabled; the app's other functions run.`;
  }
  for (const [, binding] of bindings) {
    if (!isStorageBinding(binding)) continue;
    const required = REQUIRED[binding.type];
    if (required && !stringProperty(binding, required)) {
      return `The ${binding.type} binding needs "${required}".`;
    }
    // Trigger paths and queue names are fixed at startup: only %Setting% may appear in them.
    const fixed = TRIGGER_SETTINGS[binding.type];
    const settingCheck =
      fixed && resolveAppSettings(stringProperty(binding, fixed) ?? '', settings);
    if (settingCheck && !settingCheck.ok)
      return `The ${binding.type} binding: ${settingCheck.message}`;
    if (binding.type === 'blobTrigger' && binding.source === 'EventGrid') {
      return 'The local host runs blob triggers by polling (source LogsAndContainerScan); source EventGrid is not supported.';
    }
    const connection = resolveConnection(connectionNameOf(binding), settings);
    if (!connection.ok) return `The ${binding.type} binding: ${connection.message}`;
  }
  return undefined;
}

function isServed(binding: BindingMetadata): boolean {
  const directions = SERVED[binding.type];
  return directions !== undefined && (directions as readonly string[]).includes(binding.direction);
}
