import type { BindingMetadata, RegisteredFunction } from '../contracts.js';
import { Disposable } from './Disposable.js';
import { HostError } from './HostError.js';

/** The hooks the worker knows; `app.hook.*` registers them by these names. */
export const HOOK_NAMES = [
  'appStart',
  'appTerminate',
  'preInvocation',
  'postInvocation',
  'log',
] as const;
export type HookName = (typeof HOOK_NAMES)[number];

/** A hook as `@azure/functions` registers it: it wraps the core context in its own class. */
export type HookCallback = (context: object) => unknown;

/** What `@azure/functions` passes to `registerFunction` (its `toCoreFunctionMetadata`). */
export interface FunctionMetadataInput {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingMetadata>>;
  readonly retryOptions?: unknown;
}

/**
 * Collects the functions and hooks one app registers while its entry files load, with the
 * worker's rules: names are unique (case-insensitively, as the host compares them) and nothing
 * can be registered once startup has finished.
 */
export class FunctionRegistry {
  readonly #functions = new Map<string, RegisteredFunction>();
  readonly #hooks = new Map<HookName, HookCallback[]>(HOOK_NAMES.map((name) => [name, []]));
  #locked = false;
  /** Shared by every hook of the app (`appHookData` on the core contexts). */
  readonly appHookData: Record<string, unknown> = {};
  /** `hookData` of the app-level hooks (appStart, appTerminate). */
  readonly appLevelHookData: Record<string, unknown> = {};
  /** What `setProgrammingModel` received; kept for `getProgrammingModel`. */
  programmingModel: unknown;

  /** @throws {HostError} `ERR_HOST_REGISTRATION_CLOSED` after startup, `ERR_HOST_DUPLICATE_FUNCTION`. */
  registerFunction(
    metadata: FunctionMetadataInput,
    handler: (...args: unknown[]) => unknown,
  ): Disposable {
    this.#assertOpen(`function "${metadata.name}"`);
    const key = metadata.name.toLowerCase();
    const existing = this.#functions.get(key);
    if (existing) {
      throw new HostError(
        'ERR_HOST_DUPLICATE_FUNCTION',
        `A function named "${existing.name}" is already registered; function names must be unique (case-insensitive). Rename "${metadata.name}".`,
      );
    }
    this.#functions.set(key, {
      name: metadata.name,
      bindings: metadata.bindings,
      ...(metadata.retryOptions === undefined ? {} : { retryOptions: metadata.retryOptions }),
      handler,
    });
    return new Disposable(() => {
      this.#assertOpen(`disposal of function "${metadata.name}"`);
      this.#functions.delete(key);
    });
  }

  /** @throws {HostError} `ERR_HOST_UNKNOWN_HOOK` for a name the worker does not know. */
  registerHook(name: string, callback: HookCallback): Disposable {
    const hooks = this.#hooks.get(name as HookName);
    if (!hooks) {
      throw new HostError(
        'ERR_HOST_UNKNOWN_HOOK',
        `Unrecognized hook "${name}"; known hooks: ${HOOK_NAMES.join(', ')}.`,
      );
    }
    hooks.push(callback);
    return new Disposable(() => {
      const index = hooks.indexOf(callback);
      if (index >= 0) hooks.splice(index, 1);
    });
  }

  /** The hooks registered under `name`, in registration order. */
  hooks(name: HookName): readonly HookCallback[] {
    return [...(this.#hooks.get(name) ?? [])];
  }

  /** Ends startup: later registrations throw, as in the worker once indexing is done. */
  lock(): void {
    this.#locked = true;
  }

  get functions(): readonly RegisteredFunction[] {
    return [...this.#functions.values()];
  }

  /** Looks a function up by name, case-insensitively. */
  get(name: string): RegisteredFunction | undefined {
    return this.#functions.get(name.toLowerCase());
  }

  #assertOpen(what: string): void {
    if (this.#locked) {
      throw new HostError(
        'ERR_HOST_REGISTRATION_CLOSED',
        `Cannot accept ${what}: functions can only be registered during app startup (while the entry files load).`,
      );
    }
  }
}
