/** The parts of the durable status payload the stack reads. */
export interface InstanceStatus {
  readonly runtimeStatus: string;
  readonly createdTime?: string;
  readonly customStatus?: unknown;
  readonly output?: unknown;
}

const FINISHED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

export interface WatchOptions {
  /** The client app's origin. */
  readonly clientUrl: string;
  /** The timer function that starts a run (the stack starts runs the way the schedule does). */
  readonly timerFunction: string;
  readonly instanceId: string;
  readonly onProgress: (status: InstanceStatus) => void;
  /** Start through `POST /api/sync` with this body instead of the timer. */
  readonly requestBody?: unknown;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
}

/**
 * Starts one run through the timer function (via the host's admin endpoint, as `func` offers) and
 * follows the instance's durable status until it finishes. Resolves with the final status.
 */
export async function runSyncAndWatch(options: WatchOptions): Promise<InstanceStatus> {
  const startedAt = Date.now();
  const via =
    options.requestBody === undefined ? `/admin/functions/${options.timerFunction}` : '/api/sync';
  const fired = await fetch(`${options.clientUrl}${via}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(options.requestBody ?? { input: '' }),
  });
  if (fired.status !== 202) {
    throw new Error(`starting the sync through ${via} answered ${fired.status}`);
  }
  return watchInstance(options, startedAt);
}

/** Follows the instance until it finishes, reporting each change of its status. */
export async function watchInstance(options: WatchOptions, notBefore = 0): Promise<InstanceStatus> {
  const url = `${options.clientUrl}/runtime/webhooks/durabletask/instances/${options.instanceId}`;
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(url);
    if (response.status === 200 || response.status === 202) {
      const status = (await response.json()) as InstanceStatus;
      // A finished instance created before we fired is the previous run, not ours.
      const previousRun =
        FINISHED.has(status.runtimeStatus) &&
        status.createdTime !== undefined &&
        Date.parse(status.createdTime) < notBefore - 1_000;
      if (!previousRun) {
        const seen = JSON.stringify([status.runtimeStatus, status.customStatus]);
        if (seen !== last) {
          last = seen;
          options.onProgress(status);
        }
        if (FINISHED.has(status.runtimeStatus)) return status;
      }
    } else {
      await response.body?.cancel();
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
  throw new Error(
    `the sync run did not finish within ${(options.timeoutMs ?? 1_800_000) / 1000} s`,
  );
}
