/**
 * The worker process the host forks for the app (local/host/worker/WorkerProcess.ts): the app's
 * code runs here, with local.settings.json already in its environment, so settings Node reads at
 * start (NODE_OPTIONS, NODE_EXTRA_CA_CERTS) apply as under Core Tools. Like the Node worker, an
 * uncaught exception (an unhandled rejection included) is logged and ends this process; the host
 * then starts a new one.
 */
import type { HostLog } from '../contracts.js';
import { describeError } from '../core/describeError.js';
import { createCoalescingSender, forEachMessage, type WireMessage } from './coalesceMessages.js';
import { loadWorkerApp, type WorkerApp } from './loadWorkerApp.js';
import { deserializeError, serializeError } from './serializedError.js';
import type { HostToWorkerMessage, WorkerToHostMessage } from './workerMessages.js';

const send = createCoalescingSender<WorkerToHostMessage>((wire, done) => {
  if (!process.connected) return done();
  process.send?.(wire, undefined, {}, () => done());
});
const log: HostLog = (level, message) => send({ kind: 'log', level, message });
/** Exits once the message is on its way, so the host sees the last log line. */
const exitAfter = (message: WorkerToHostMessage, code: number): void =>
  send(message, () => process.exit(code));

// The wording of azure-functions-nodejs-worker's `uncaughtException` handler (src/nodejsWorker.ts).
process.on('uncaughtException', (error: unknown) => {
  exitAfter(
    {
      kind: 'log',
      level: 'error',
      message: `Worker uncaught exception (learn more: https://go.microsoft.com/fwlink/?linkid=2097909 ): ${describeError(error)}`,
    },
    1,
  );
});
// The host coordinates shutdown (appTerminate first); Ctrl-C reaches the whole process group.
process.on('SIGINT', () => undefined);
// A host that died (kill -9 included) closes the channel: a worker never outlives it.
process.on('disconnect', () => process.exit(0));

let app: Promise<WorkerApp> | undefined;
/** Invocations waiting for the host to write their output bindings, by invocation id. */
const outputWaiters = new Map<number, { resolve(): void; reject(error: unknown): void }>();

process.on('message', (wire: WireMessage<HostToWorkerMessage>) => forEachMessage(wire, handle));

function handle(message: HostToWorkerMessage): void {
  switch (message.kind) {
    case 'start':
      app = loadWorkerApp({ appDir: message.appDir, logLevel: message.logLevel, log });
      app.then(
        (loaded) => send({ kind: 'ready', functions: loaded.functions }),
        (error: unknown) => exitAfter({ kind: 'startFailed', error: serializeError(error) }, 1),
      );
      break;
    case 'invoke':
      void (async () => {
        try {
          const loaded = await (app ?? Promise.reject(new Error('The worker was not started.')));
          const value = await loaded.invoke(
            message,
            message.collectOutputs
              ? (extraOutputs) => {
                  const written = new Promise<void>((resolve, reject) =>
                    outputWaiters.set(message.id, { resolve, reject }),
                  );
                  send({ kind: 'outputs', id: message.id, extraOutputs });
                  return written;
                }
              : undefined,
          );
          send({ kind: 'result', id: message.id, ok: true, value });
        } catch (error) {
          send({ kind: 'result', id: message.id, ok: false, error: serializeError(error) });
        }
      })();
      break;
    case 'outputsWritten': {
      const waiter = outputWaiters.get(message.id);
      outputWaiters.delete(message.id);
      if (message.ok) waiter?.resolve();
      else waiter?.reject(deserializeError(message.error));
      break;
    }
    case 'stop':
      void (async () => {
        try {
          await (await app)?.terminate();
        } catch (error) {
          log('error', `An appTerminate hook failed: ${describeError(error)}`);
        }
        exitAfter({ kind: 'stopped' }, 0);
      })();
      break;
  }
}
