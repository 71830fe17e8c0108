/** The stable code of {@link WorkerExitedError}, for callers that only see `code`. */
export const WORKER_EXITED_CODE = 'ERR_HOST_WORKER_EXITED';

/**
 * An invocation that never finished because the worker process died under it. The work did not
 * fail in the user's code: the durable engine runs it again on the next worker, as the Durable
 * extension aborts and retries work items on "platform level errors such as a worker process
 * exit" (azure-functions-durable-extension, `OutOfProcMiddleware.cs`).
 */
export class WorkerExitedError extends Error {
  readonly code = WORKER_EXITED_CODE;
  override name = 'WorkerExitedError';
}

/** Whether `error` means the invocation was cut off by a worker exit (and may run again). */
export function isWorkerExit(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === WORKER_EXITED_CODE;
}
