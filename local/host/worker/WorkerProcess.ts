import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { FunctionMetadata, HostLog } from '../contracts.js';
import { HostError, type HostErrorCode } from '../core/HostError.js';
import type { HostInvokeOptions } from '../invoke/createInvoker.js';
import {
  createCoalescingSender,
  forEachMessage,
  type AfterSend,
  type WireMessage,
} from './coalesceMessages.js';
import { deserializeError, serializeError, type SerializedError } from './serializedError.js';
import { forwardLines } from './forwardLines.js';
import { WorkerExitedError } from './WorkerExitedError.js';
import type { HostToWorkerMessage, WorkerToHostMessage } from './workerMessages.js';

export interface WorkerProcessOptions {
  readonly appDir: string;
  /** The worker's whole environment: the process environment with the app settings applied. */
  readonly env: Readonly<Record<string, string>>;
  /** host.json `logging.logLevel`, overrides applied. */
  readonly logLevel: Readonly<Record<string, unknown>>;
  /** Where the worker's log messages and its stdout/stderr lines go. */
  readonly log: HostLog;
}

/** How a worker process ended. */
export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The worker's stderr lines kept for a startup failure message. */
const STDERR_TAIL = 10;
/** How long a stopping worker may take for its appTerminate hooks before it is killed. */
const STOP_GRACE_MS = 10_000;

// Compiled, the worker is dist/…/workerMain.js; from source (tsx), workerMain.ts through tsx.
const WORKER_ENTRY = new URL(
  import.meta.url.endsWith('.ts') ? './workerMain.ts' : './workerMain.js',
  import.meta.url,
);
const WORKER_EXEC_ARGV = import.meta.url.endsWith('.ts') ? ['--import', 'tsx'] : [];

interface Pending {
  readonly functionName: string;
  readonly onExtraOutputs?: HostInvokeOptions['onExtraOutputs'];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * One worker process running the app, as the Functions host runs its Node worker: forked with
 * the app settings as its environment and the app folder as its working directory, it loads the
 * app and reports its functions, then runs invocations. Its stdout and stderr lines go to the
 * host log, as Core Tools prints the worker's console.
 */
export class WorkerProcess {
  readonly functions: readonly FunctionMetadata[];
  /** Settles when the process has exited, for whatever reason. */
  readonly exited: Promise<WorkerExit>;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #send: (message: HostToWorkerMessage, then?: AfterSend) => void;
  #nextId = 0;
  #stopping = false;

  private constructor(
    child: ChildProcess,
    functions: readonly FunctionMetadata[],
    exited: Promise<WorkerExit>,
  ) {
    this.#child = child;
    this.functions = functions;
    this.exited = exited;
    this.#send = createCoalescingSender<HostToWorkerMessage>((wire, done) => {
      if (!child.connected) return done(new Error('the worker has disconnected'));
      child.send(wire, done);
    });
    onWorkerMessage(child, (message) => {
      if (message.kind === 'outputs') return this.#writeOutputs(message.id, message.extraOutputs);
      if (message.kind !== 'result') return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(deserializeError(message.error));
    });
    void exited.then(({ code, signal }) => {
      for (const [id, pending] of this.#pending) {
        this.#pending.delete(id);
        pending.reject(
          new WorkerExitedError(
            `The worker process exited (${signal ?? `code ${code}`}) while running '${pending.functionName}'.`,
          ),
        );
      }
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** True once {@link stop} was called: the exit that follows is expected. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /**
   * Forks a worker and resolves once the app has loaded.
   *
   * @throws {HostError} the app's load error (e.g. `ERR_HOST_APP_LOAD` naming the file), or
   *   `ERR_HOST_WORKER_START` when the process exits first, with its last stderr lines.
   */
  static async start(options: WorkerProcessOptions): Promise<WorkerProcess> {
    const child = fork(fileURLToPath(WORKER_ENTRY), [], {
      cwd: options.appDir,
      env: options.env,
      execArgv: WORKER_EXEC_ARGV,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const exited = new Promise<WorkerExit>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const stderrTail: string[] = [];
    if (child.stdout) forwardLines(child.stdout, (line) => options.log('info', line));
    if (child.stderr) {
      forwardLines(child.stderr, (line) => {
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
        options.log('error', line);
      });
    }
    onWorkerMessage(child, (message) => {
      if (message.kind === 'log') options.log(message.level, message.message);
    });

    const functions = await new Promise<readonly FunctionMetadata[]>((resolve, reject) => {
      onWorkerMessage(child, (message) => {
        if (message.kind === 'ready') resolve(message.functions);
        else if (message.kind === 'startFailed') reject(toStartError(message.error));
      });
      child.once('error', (error) =>
        reject(
          new HostError(
            'ERR_HOST_WORKER_START',
            `The worker process could not start: ${error.message}`,
            { cause: error },
          ),
        ),
      );
      void exited.then(({ code, signal }) => {
        const output = stderrTail.length > 0 ? ` Its last output: ${stderrTail.join(' | ')}` : '';
        reject(
          new HostError(
            'ERR_HOST_WORKER_START',
            `The worker process exited (${signal ?? `code ${code}`}) before the app loaded.${output}`,
          ),
        );
      });
      const start: HostToWorkerMessage = {
        kind: 'start',
        appDir: options.appDir,
        logLevel: options.logLevel,
      };
      child.send(start);
    }).catch(async (error: unknown) => {
      child.kill('SIGKILL');
      await exited;
      throw error;
    });
    return new WorkerProcess(child, functions, exited);
  }

  /**
   * Runs one function in the worker.
   *
   * @throws the handler's error, or {@link WorkerExitedError} when the worker dies first.
   */
  invoke(functionName: string, input: unknown, options: HostInvokeOptions = {}): Promise<unknown> {
    if (!this.#child.connected) {
      return Promise.reject(
        new WorkerExitedError(
          `The worker process is not running '${functionName}': it has exited.`,
        ),
      );
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        functionName,
        resolve,
        reject,
        ...(options.onExtraOutputs && { onExtraOutputs: options.onExtraOutputs }),
      });
      const message: HostToWorkerMessage = {
        kind: 'invoke',
        id,
        functionName,
        input,
        ...(options.durableClientInput === undefined
          ? {}
          : { durableClientInput: options.durableClientInput }),
        ...(options.reason === undefined ? {} : { reason: options.reason }),
        ...(options.extraInputs && { extraInputs: options.extraInputs }),
        ...(options.triggerMetadata && { triggerMetadata: options.triggerMetadata }),
        ...(options.onExtraOutputs && { collectOutputs: true }),
      };
      this.#send(message, (error) => {
        if (!error) return;
        this.#pending.delete(id);
        reject(
          new WorkerExitedError(
            `The worker process could not take '${functionName}': ${error.message}`,
          ),
        );
      });
    });
  }

  /** Hands an invocation's outputs to its caller to write, then tells the worker how that went. */
  #writeOutputs(id: number, outputs: Readonly<Record<string, unknown>>): void {
    const write = this.#pending.get(id)?.onExtraOutputs;
    void Promise.resolve()
      .then(() => write?.(outputs))
      .then(
        (): HostToWorkerMessage => ({ kind: 'outputsWritten', id, ok: true }),
        (error: unknown): HostToWorkerMessage => ({
          kind: 'outputsWritten',
          id,
          ok: false,
          error: serializeError(error),
        }),
      )
      .then((answer) => {
        if (this.#child.connected) this.#send(answer);
      });
  }

  /** Runs the app's appTerminate hooks and ends the process (killed after 10 s). Idempotent. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#child.exitCode === null && this.#child.signalCode === null && this.#child.connected) {
      const stop: HostToWorkerMessage = { kind: 'stop' };
      this.#send(stop);
      const force = setTimeout(() => this.#child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(force);
    } else if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGKILL');
    }
    await this.exited;
  }

  /** Ends the process at once (tests of crash recovery). */
  kill(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }
}

/** The app's load failure as the host reports it; the worker's HostError codes are kept. */
function toStartError(serialized: SerializedError): HostError {
  const error = deserializeError(serialized);
  // Only a HostError from the worker carries one of the host's codes.
  const code = (serialized.name === 'HostError' ? serialized.code : undefined) as
    HostErrorCode | undefined;
  return new HostError(code ?? 'ERR_HOST_APP_LOAD', serialized.message, { cause: error });
}

/** Each message from the worker, unpacked from the batches it sends several in. */
function onWorkerMessage(
  child: ChildProcess,
  handle: (message: WorkerToHostMessage) => void,
): void {
  child.on('message', (wire: WireMessage<WorkerToHostMessage>) => forEachMessage(wire, handle));
}
