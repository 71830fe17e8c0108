import type { HostJson } from '../host/app/readHostJson.js';
import { beginWork } from '../host/clock/WorkTrackingClock.js';
import type { Clock, HostLog } from '../host/contracts.js';
import { createDurableEngine } from '../host/durable/createDurableEngine.js';
import { readBodyLimit } from '../host/http/readRequestBody.js';
import type { HostInvokeFunction } from '../host/invoke/createInvoker.js';
import { compileTimers } from '../host/timers/compileTimers.js';
import { startTimers } from '../host/timers/startTimers.js';
import { createDurableClient } from './createDurableClient.js';
import type { TestHostOptions } from './createTestHost.js';
import { listenTestHost } from './listenTestHost.js';
import type { TestApp } from './loadTestApp.js';
import type { TestHost } from './TestHost.js';
import { TimeSkippingClock } from './TimeSkippingClock.js';

/** Starts the engine, the server and the timers of a loaded app; undoes what started on failure. */
export async function serveTestApp(
  app: TestApp,
  options: TestHostOptions & {
    readonly clock: Clock;
    readonly settings: Readonly<Record<string, string | undefined>>;
    readonly hostJson: HostJson;
    readonly log: HostLog;
    readonly logs: readonly string[];
  },
): Promise<TestHost> {
  const { clock, settings, hostJson, log, logs } = options;
  const functions = app.registry.functions;
  const timers = options.timers === false ? [] : compileTimers(functions, settings);

  let url = '';
  const withClient = new Set(
    functions
      .filter((fn) => Object.values(fn.bindings).some((b) => b.type === 'durableClient'))
      .map((fn) => fn.name.toLowerCase()),
  );
  const engine = createDurableEngine({
    functions,
    invoke: (name, input, invokeOptions) => invoke(name, input, invokeOptions),
    durableTaskConfig: { ...hostJson.durableTask, ...options.durableTask },
    settings,
    storage: { kind: 'memory' },
    clock,
    log,
  });
  const invoke: HostInvokeFunction = async (functionName, input, invokeOptions = {}) => {
    // Work the engine did not start itself (timers, admin calls, the test's own) counts too.
    const end = beginWork(clock);
    try {
      return await app.invoke(functionName, input, {
        ...invokeOptions,
        ...(withClient.has(functionName.toLowerCase())
          ? {
              durableClientInput:
                invokeOptions.durableClientInput ?? engine.durableClientInput(url),
            }
          : {}),
      });
    } finally {
      end();
    }
  };

  const server = await listenTestHost({
    functions,
    routePrefix: hostJson.routePrefix,
    invoke,
    durableEngine: engine,
    clock,
    log,
    maxBodyBytes: readBodyLimit(settings),
  });
  url = server.url;
  try {
    await engine.start();
  } catch (error) {
    await server.close().catch(() => undefined);
    throw error;
  }
  const running = startTimers(timers, invoke, clock);
  const client = createDurableClient(engine.durableClientInput(url));

  const skipping = (): TimeSkippingClock => {
    if (clock instanceof TimeSkippingClock) return clock;
    throw new TypeError('skip: this test host does not run on a TimeSkippingClock');
  };
  let stopping: Promise<void> | undefined;
  return {
    url,
    client,
    clock,
    logs,
    fetch: (pathname, init) => fetch(new URL(pathname, url), init),
    invoke,
    waitForCompletion: async (instanceId) => {
      const done = engine.waitForCompletion(instanceId);
      await (clock instanceof TimeSkippingClock ? clock.whileSkipping(done) : done);
      return await client.getStatus(instanceId);
    },
    skip: (ms) => skipping().skip(ms),
    skipTo: (at) => skipping().skipTo(at),
    stop: () => {
      stopping ??= (async () => {
        await running.stop();
        await server.close();
        await engine.stop();
        await app.terminate();
      })();
      return stopping;
    },
  };
}
