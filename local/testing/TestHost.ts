import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';

import type { Clock } from '../host/contracts.js';
import type { HostInvokeFunction } from '../host/invoke/createInvoker.js';

/** A running in-process test host. */
export interface TestHost {
  /** `http://127.0.0.1:<port>`: HTTP triggers under the route prefix, the durable HTTP API. */
  readonly url: string;
  /** A real `DurableClient`, as `df.getClient(context)` gives a client function. */
  readonly client: DurableClient;
  /** The host's time: durable timers, retry back-offs and timer triggers all run on it. */
  readonly clock: Clock;
  /** Host lines so far, `level: message` (Executing/Executed, the app's context logs). */
  readonly logs: readonly string[];
  /** `fetch` relative to {@link url}, e.g. `host.fetch('/api/reminders', { method: 'POST' })`. */
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  /**
   * Invokes a function as the host does (fresh InvocationContext, hooks, the durable client
   * input). HTTP triggers take and answer the worker's `HttpRequestData`/`HttpResponseData`;
   * use {@link fetch} for them.
   */
  readonly invoke: HostInvokeFunction;
  /**
   * Waits until the instance completes, fails or is terminated, skipping virtual time from
   * timer to timer meanwhile; resolves with its status (input, output, history omitted).
   *
   * @throws {DurableEngineError} `ERR_DURABLE_UNKNOWN_INSTANCE` when no such instance exists.
   */
  waitForCompletion(instanceId: string): Promise<DurableOrchestrationStatus>;
  /**
   * Moves virtual time forward by `ms`, firing what falls due on the way (durable timers, timer
   * triggers), each one's work finishing before the next.
   *
   * @throws {TypeError} when the host does not run on a TimeSkippingClock.
   */
  skip(ms: number): Promise<void>;
  /** As {@link skip}, to an instant. */
  skipTo(at: number | Date): Promise<void>;
  /** Stops timers, the server and the engine, then runs appTerminate hooks. Idempotent. */
  stop(): Promise<void>;
}
