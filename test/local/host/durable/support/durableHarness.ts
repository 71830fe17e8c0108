import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import azureFunctions from '@azure/functions';
import type { DurableClient } from 'durable-functions';

import { VirtualClock } from '../../../../../local/host/clock/VirtualClock.js';
import type { Clock, DurableStorage, InvokeFunction } from '../../../../../local/host/contracts.js';
import { FunctionRegistry } from '../../../../../local/host/core/FunctionRegistry.js';
import {
  activateRegistry,
  installCoreModule,
} from '../../../../../local/host/core/installCoreModule.js';
import {
  createDurableEngine,
  type LocalDurableEngine,
} from '../../../../../local/host/durable/createDurableEngine.js';
import { createDurableClient } from '../../../../../local/testing/createDurableClient.js';

const { InvocationContext } = azureFunctions;

/** Functions registered the real way: `df.app.*` calls captured by the host's core module. */
export function registerApp(register: () => void): FunctionRegistry {
  installCoreModule();
  const registry = new FunctionRegistry();
  const deactivate = activateRegistry(registry, () => {});
  try {
    register();
  } finally {
    deactivate();
  }
  registry.lock();
  return registry;
}

/** Calls handlers directly, as the host core does (fresh InvocationContext each time). */
export function directInvoke(registry: FunctionRegistry): InvokeFunction {
  return async (functionName, triggerInput) => {
    const fn = registry.get(functionName);
    if (!fn) throw new Error(`No function '${functionName}'.`);
    const context = new InvocationContext({ functionName, invocationId: randomUUID() });
    return await Promise.resolve(fn.handler(triggerInput, context));
  };
}

export interface Harness {
  readonly engine: LocalDurableEngine;
  readonly client: DurableClient;
  readonly origin: string;
  readonly clock: Clock;
  readonly logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly storage?: DurableStorage;
  readonly durableTaskConfig?: Record<string, unknown>;
  readonly clock?: Clock;
  /** App settings the engine reads (e.g. IDENTITY_ENDPOINT for durable HTTP token sources). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Wraps the invoke function (e.g. to stall activities). */
  readonly wrapInvoke?: (invoke: InvokeFunction) => InvokeFunction;
}

/** An engine served over HTTP on 127.0.0.1, with a DurableClient pointing at it. */
export async function startHarness(
  registry: FunctionRegistry,
  options: HarnessOptions = {},
): Promise<Harness> {
  const logs: string[] = [];
  const clock = options.clock ?? new VirtualClock();
  const invoke = directInvoke(registry);
  const engine = createDurableEngine({
    functions: registry.functions,
    invoke: options.wrapInvoke ? options.wrapInvoke(invoke) : invoke,
    durableTaskConfig: options.durableTaskConfig ?? {},
    ...(options.settings ? { settings: options.settings } : {}),
    storage: options.storage ?? { kind: 'memory' },
    clock,
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([k, v]) =>
          typeof v === 'string' ? [[k, v] as [string, string]] : [],
        ),
        ...(body.length > 0 ? { body } : {}),
      });
      const response = await engine.handleHttp(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await engine.start();
  return {
    engine,
    client: createDurableClient(engine.durableClientInput(origin)),
    origin,
    clock,
    logs,
    close: async () => {
      await engine.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
