import { isFinished, type InstanceStatus } from './watchSyncRun.js';

export interface FollowOptions {
  /** The client app's origin. */
  readonly clientUrl: string;
  readonly instanceId: string;
  /** The run already reported (the first sync): not reported again. */
  readonly reported: InstanceStatus;
  /** Follows one run from its first sighting to its end (watchInstance with the stack's output). */
  readonly watchRun: (notBefore: number) => Promise<InstanceStatus>;
  readonly onRunStarted: (status: InstanceStatus) => void;
  readonly onRunFinished: (status: InstanceStatus) => void;
  /** A watch that failed (the client app stopped answering, say); following goes on. */
  readonly onWatchError: (error: unknown) => void;
  readonly signal: AbortSignal;
  /** Default 1,000 ms. */
  readonly pollMs?: number;
}

/**
 * Reports every later run of the sync instance, however it was started (the timer, POST
 * /api/sync): each one reuses the instance id, so a status of another run than the last one
 * reported (see {@link isAnotherRun}) means a new run. Resolves when `signal` aborts.
 */
export async function followSyncRuns(options: FollowOptions): Promise<void> {
  const url = `${options.clientUrl}/runtime/webhooks/durabletask/instances/${options.instanceId}`;
  let last = options.reported;
  while (!options.signal.aborted) {
    const status = await readStatus(url, options.signal);
    if (status?.createdTime !== undefined && isAnotherRun(status, last)) {
      // Until its end is seen, this run stands for itself: a later poll of it is no new run.
      last = status;
      options.onRunStarted(status);
      try {
        const final = await options.watchRun(Date.parse(status.createdTime));
        if (options.signal.aborted) return;
        last = final;
        options.onRunFinished(final);
      } catch (error) {
        if (options.signal.aborted) return;
        options.onWatchError(error);
      }
    }
    await sleep(options.pollMs ?? 1_000, options.signal);
  }
}

/**
 * Whether `status` is of another run than `last`. `createdTime` has whole seconds only, so a run
 * started within the second the last one was has the same: then a run still going after a
 * finished one is a new run, and of two finished ones the run ids (output or custom status) tell.
 */
export function isAnotherRun(status: InstanceStatus, last: InstanceStatus): boolean {
  if (status.createdTime !== last.createdTime) return true;
  if (!isFinished(status)) return isFinished(last);
  return isFinished(last) && runIdOf(status) !== runIdOf(last);
}

function runIdOf(status: InstanceStatus): unknown {
  return fieldOf(status.output, 'runId') ?? fieldOf(status.customStatus, 'runId');
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

async function readStatus(url: string, signal: AbortSignal): Promise<InstanceStatus | undefined> {
  try {
    const response = await fetch(url, { signal });
    if (response.status !== 200 && response.status !== 202) {
      await response.body?.cancel();
      return undefined;
    }
    return (await response.json()) as InstanceStatus;
  } catch {
    // Stopping, or the host is briefly unreachable: look again on the next poll.
    return undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
