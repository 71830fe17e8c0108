/**
 * The seams between the local host's parts: the core (registration, invocation, HTTP, timers) and
 * the durable engine (orchestration replay, activities, the durable HTTP API). Each side is built
 * and tested against these types alone.
 */

/** One binding of a registered function, as `@azure/functions` sends it to `registerFunction`. */
export interface BindingMetadata {
  readonly type: string;
  readonly direction: 'in' | 'out' | 'inout';
  readonly [key: string]: unknown;
}

/** What the host knows of a function: what the worker reported after loading the app. */
export interface FunctionMetadata {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingMetadata>>;
  readonly retryOptions?: unknown;
}

/** A function the app registered through the `@azure/functions-core` module (worker side). */
export interface RegisteredFunction extends FunctionMetadata {
  readonly handler: (...args: unknown[]) => unknown;
}

/** Options for one invocation made by the durable engine through the host core. */
export interface InvokeOptions {
  /** Value for the `durableClient` input binding, when the function has one. */
  readonly durableClientInput?: unknown;
}

/**
 * Invokes a registered function the way the real host does: fresh `InvocationContext`, hooks,
 * start/finish logs with invocation id and duration. Resolves to the handler's return value
 * (as JSON would carry it); rejects with the handler's error, or with an error whose `code` is
 * `ERR_HOST_WORKER_EXITED` when the worker died before it answered: the invocation did not
 * finish and may be run again (local/host/worker/WorkerExitedError.ts).
 */
export type InvokeFunction = (
  functionName: string,
  triggerInput: unknown,
  options?: InvokeOptions,
) => Promise<unknown>;

/** Time as the durable engine and timers see it: wall time in production-like runs, virtual in tests. */
export interface Clock {
  now(): number;
  /**
   * Resolves at `at` (epoch ms) or rejects with the signal's reason when aborted. A virtual clock
   * jumps to the earliest pending deadline once no work is in flight.
   */
  sleepUntil(at: number, signal?: AbortSignal): Promise<void>;
}

/** The durable engine as the host core uses it. */
export interface DurableEngine {
  /** Serves `/runtime/webhooks/durabletask/...` (both the public status URLs and the client's RPC API). */
  handleHttp(request: Request): Promise<Response>;
  /** The `durableClient` binding value for functions invoked by a host listening at `origin`. */
  durableClientInput(origin: string): unknown;
  /** Resumes persisted work (instances left running by a previous process) and starts dispatching. */
  start(): Promise<void>;
  /** Stops dispatching; in-flight activity results may be lost (activities are at-least-once). */
  stop(): Promise<void>;
}

/** Where durable state lives: Azurite or a storage account (survives restarts), or memory (unit tests). */
export type DurableStorage =
  | { readonly kind: 'memory' }
  | { readonly kind: 'connectionString'; readonly connectionString: string };

/** A line for the host's console, in the spirit of Core Tools' output. */
export type HostLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/** What the host core hands to `createDurableEngine` (local/host/durable/createDurableEngine.ts). */
export interface DurableEngineOptions {
  /** Every registered function; the engine picks the orchestration/activity/entity triggers. */
  readonly functions: readonly FunctionMetadata[];
  readonly invoke: InvokeFunction;
  /** host.json `extensions.durableTask`, unvalidated (hubName, maxConcurrentActivityFunctions, …). */
  readonly durableTaskConfig: Readonly<Record<string, unknown>>;
  /** The app settings, for `%Setting%` expressions in the durable settings. Default: none. */
  readonly settings?: Readonly<Record<string, string | undefined>>;
  readonly storage: DurableStorage;
  readonly clock: Clock;
  readonly log: HostLog;
}
