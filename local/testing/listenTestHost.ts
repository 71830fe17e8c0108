import { beginWork } from '../host/clock/WorkTrackingClock.js';
import type { Clock, DurableEngine, FunctionMetadata, HostLog } from '../host/contracts.js';
import { createRequestListener } from '../host/http/createRequestListener.js';
import { createRouter } from '../host/http/createRouter.js';
import { listenHttp } from '../host/http/listenHttp.js';
import { createAdminInvoker } from '../host/invoke/createAdminInvoker.js';
import type { HostInvokeFunction } from '../host/invoke/createInvoker.js';

/** The test host's loopback server. */
export interface TestHostServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops accepting, then waits for requests and admin invocations in flight. */
  close(): Promise<void>;
}

/**
 * Serves what the host's own listener serves (HTTP triggers under the route prefix, the durable
 * HTTP API, `POST /admin/functions/{name}`) on 127.0.0.1 and a free port, each request counted as
 * work on `clock`, so virtual time never skips while one is being answered.
 */
export async function listenTestHost(options: {
  readonly functions: readonly FunctionMetadata[];
  readonly routePrefix: string;
  readonly invoke: HostInvokeFunction;
  readonly durableEngine: DurableEngine;
  readonly clock: Clock;
  readonly log: HostLog;
  readonly maxBodyBytes: number;
}): Promise<TestHostServer> {
  const { clock } = options;
  let url = '';
  const adminInvoke = createAdminInvoker(options.functions, options.invoke, () => clock.now());
  const listener = createRequestListener({
    router: createRouter(options.functions, options.routePrefix),
    invoke: options.invoke,
    log: options.log,
    origin: () => url,
    durableEngine: options.durableEngine,
    invokeFromAdmin: adminInvoke,
    maxBodyBytes: options.maxBodyBytes,
  });
  const tracked = Object.assign(
    (...args: Parameters<typeof listener>) => {
      const end = beginWork(clock);
      args[1].once('close', end);
      listener(...args);
    },
    { idle: () => listener.idle() },
  );
  const server = await listenHttp(tracked, 0);
  url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    close: async () => {
      await server.close();
      await adminInvoke.idle();
    },
  };
}
