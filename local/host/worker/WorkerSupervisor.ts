import type { FunctionMetadata } from '../contracts.js';
import { describeError } from '../core/describeError.js';
import type { HostInvokeOptions } from '../invoke/createInvoker.js';
import { WorkerExitedError } from './WorkerExitedError.js';
import { WorkerProcess, type WorkerExit, type WorkerProcessOptions } from './WorkerProcess.js';

/** A worker that lived at least this long before dying restarts at once. */
const HEALTHY_LIFETIME_MS = 10_000;
const FIRST_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Keeps one worker process running for the app, as the Functions host keeps its language
 * worker: when the worker dies (an uncaught exception in user code, a kill), the invocations in
 * flight fail with {@link WorkerExitedError}, the exit is logged, and a new worker loads the app
 * again (appStart hooks included); invocations made meanwhile wait for it. A worker that keeps
 * dying soon after it starts is restarted with growing delays (1 s doubling to 30 s).
 */
export class WorkerSupervisor {
  readonly functions: readonly FunctionMetadata[];
  readonly #options: WorkerProcessOptions;
  #current: Promise<WorkerProcess>;
  #stopped = false;
  #quickExits = 0;
  #restarts = 0;

  private constructor(options: WorkerProcessOptions, first: WorkerProcess) {
    this.#options = options;
    this.functions = first.functions;
    this.#current = Promise.resolve(first);
    this.#watch(first, Date.now());
  }

  /**
   * Starts the first worker; the app must load.
   *
   * @throws {HostError} as {@link WorkerProcess.start}.
   */
  static async start(options: WorkerProcessOptions): Promise<WorkerSupervisor> {
    return new WorkerSupervisor(options, await WorkerProcess.start(options));
  }

  /** How many times a worker was replaced after dying. */
  get restarts(): number {
    return this.#restarts;
  }

  /** The current worker, once it is running (tests kill it to prove recovery). */
  currentWorker(): Promise<WorkerProcess> {
    return this.#current;
  }

  /**
   * Runs one function in the current worker (waiting for a restarting one).
   *
   * @throws the handler's error, or {@link WorkerExitedError} when the worker dies first.
   */
  async invoke(
    functionName: string,
    input: unknown,
    options?: HostInvokeOptions,
  ): Promise<unknown> {
    if (this.#stopped) {
      throw new WorkerExitedError(`The host is stopping; '${functionName}' was not run.`);
    }
    const worker = await this.#current;
    return worker.invoke(functionName, input, options);
  }

  /** Stops the current worker after its appTerminate hooks; no new worker starts. Idempotent. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const worker = await this.#current.catch(() => undefined);
    await worker?.stop();
  }

  #watch(worker: WorkerProcess, startedAt: number): void {
    void worker.exited.then((exit) => {
      if (this.#stopped || worker.stopping) return;
      this.#quickExits = Date.now() - startedAt < HEALTHY_LIFETIME_MS ? this.#quickExits + 1 : 0;
      this.#current = this.#restart(exit);
      // Invocations waiting on a restart that is abandoned (host stopping) see its rejection.
      this.#current.catch(() => undefined);
    });
  }

  async #restart(exit: WorkerExit): Promise<WorkerProcess> {
    const { log } = this.#options;
    log(
      'error',
      `Worker process exited (${exit.signal ?? `code ${exit.code}`}); starting a new worker.`,
    );
    for (;;) {
      const delay = restartDelay(this.#quickExits);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.#stopped)
        throw new WorkerExitedError('The host stopped before a new worker started.');
      try {
        const worker = await WorkerProcess.start(this.#options);
        this.#restarts++;
        log('info', `A new worker process (pid ${worker.pid}) is running the app.`);
        this.#watch(worker, Date.now());
        return worker;
      } catch (error) {
        this.#quickExits++;
        log(
          'error',
          `A new worker could not load the app (next try in ${restartDelay(this.#quickExits) / 1000} s): ${describeError(error)}`,
        );
      }
    }
  }
}

/** The first restart is immediate; only a worker that keeps dying young waits, longer each time. */
function restartDelay(quickExits: number): number {
  return quickExits <= 1
    ? 0
    : Math.min(FIRST_RESTART_DELAY_MS * 2 ** (quickExits - 2), MAX_RESTART_DELAY_MS);
}
