/**
 * The messages the host and its worker process exchange over the IPC channel (Node's
 * `advanced` serialization, so request and response bodies travel as bytes). The shape follows
 * the real host's gRPC stream to the Node worker: start, function metadata, invocations with
 * their results, logs, and termination. Messages sent in one turn of the event loop cross the
 * channel together, as one batch (`coalesceMessages.ts`), as gRPC coalesces a stream's writes.
 */
import type { FunctionMetadata, HostLog } from '../contracts.js';
import type { SerializedError } from './serializedError.js';

/** Host → worker: load the app (entry files, appStart hooks) and report its functions. */
export interface StartWorkerMessage {
  readonly kind: 'start';
  readonly appDir: string;
  /** host.json `logging.logLevel`, overrides applied; the worker filters invocation logs by it. */
  readonly logLevel: Readonly<Record<string, unknown>>;
}

/** Host → worker: run one function. */
export interface InvokeMessage {
  readonly kind: 'invoke';
  readonly id: number;
  readonly functionName: string;
  /** For an HTTP trigger an {@link HttpRequestData}; else the trigger value itself. */
  readonly input: unknown;
  readonly durableClientInput?: unknown;
  readonly reason?: string;
  /** Storage input binding values by binding name (bytes travel as Uint8Array). */
  readonly extraInputs?: Readonly<Record<string, unknown>>;
  readonly triggerMetadata?: Readonly<Record<string, unknown>>;
  /** The host writes output bindings: send them in an `outputs` message and wait for `outputsWritten`. */
  readonly collectOutputs?: boolean;
}

/** Host → worker: the outputs of invocation `id` are written (or why they could not be). */
export type OutputsWrittenMessage =
  | { readonly kind: 'outputsWritten'; readonly id: number; readonly ok: true }
  | {
      readonly kind: 'outputsWritten';
      readonly id: number;
      readonly ok: false;
      readonly error: SerializedError;
    };

/** Host → worker: run the appTerminate hooks, answer `stopped`, exit. */
export interface StopWorkerMessage {
  readonly kind: 'stop';
}

export type HostToWorkerMessage =
  StartWorkerMessage | InvokeMessage | OutputsWrittenMessage | StopWorkerMessage;

export type WorkerToHostMessage =
  | { readonly kind: 'ready'; readonly functions: readonly FunctionMetadata[] }
  | { readonly kind: 'startFailed'; readonly error: SerializedError }
  | { readonly kind: 'log'; readonly level: Parameters<HostLog>[0]; readonly message: string }
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly ok: true;
      readonly value: unknown;
    }
  | {
      /**
       * Worker → host, for an invocation sent with `collectOutputs`: what the handler set on its
       * output bindings (and a storage `$return`), by binding name, bytes as Uint8Array. The
       * worker waits for `outputsWritten` before it logs `Executed` and answers, as the
       * Functions host flushes output bindings within the invocation.
       */
      readonly kind: 'outputs';
      readonly id: number;
      readonly extraOutputs: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly ok: false;
      readonly error: SerializedError;
    }
  | { readonly kind: 'stopped' };

/** An HTTP request as the host hands it to the worker, which builds the `HttpRequest`. */
export interface HttpRequestData {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  /** Absent for GET/HEAD and empty bodies. */
  readonly body?: Uint8Array;
}

/** An HTTP handler's answer, buffered, as the worker hands it back. */
export interface HttpResponseData {
  readonly status: number;
  /** Name/value pairs; `set-cookie` may repeat. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array | null;
}
