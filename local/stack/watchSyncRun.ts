import type { RetryNoticeView } from './formatRetryNotice.js';

/** The parts of the durable status payload the stack reads. */
export interface InstanceStatus {
  readonly runtimeStatus: string;
  readonly createdTime?: string;
  readonly customStatus?: unknown;
  readonly output?: unknown;
}

const FINISHED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

/** Whether the run is over (completed, failed, terminated or canceled). */
export function isFinished(status: InstanceStatus): boolean {
  return FINISHED.has(status.runtimeStatus);
}

/** Why onProgress is called: a change of status, or `repeated` after `heartbeatMs` of none. */
export interface ProgressTick {
  readonly repeated: boolean;
  /** Since the watch began. */
  readonly elapsedMs: number;
}

export interface WatchOptions {
  /** The client app's origin. */
  readonly clientUrl: string;
  /** The timer function that starts a run (the stack starts runs the way the schedule does). */
  readonly timerFunction: string;
  readonly instanceId: string;
  readonly onProgress: (status: InstanceStatus, tick: ProgressTick) => void;
  /** Start through `POST /api/sync` with this body instead of the timer. */
  readonly requestBody?: unknown;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
  /**
   * Reads the client's latest retry notice; polled every `noticePollMs` (default 500) while the
   * run is in progress. A new notice posted since the watch began goes to `onNotice`.
   */
  readonly readNotice?: () => Promise<RetryNoticeView | undefined>;
  readonly onNotice?: (notice: RetryNoticeView) => void;
  readonly noticePollMs?: number;
  /** With no change for this long, onProgress is called again (`repeated`). Default 5,000 ms. */
  readonly heartbeatMs?: number;
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
  const began = Date.now();
  const deadline = began + (options.timeoutMs ?? 30 * 60_000);
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const noticePollMs = options.noticePollMs ?? 500;
  let last = '';
  let lastReported = began;
  let lastNotice = '';
  let nextNoticePoll = began;
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
        const now = Date.now();
        if (seen !== last || now - lastReported >= heartbeatMs) {
          options.onProgress(status, { repeated: seen === last, elapsedMs: now - began });
          last = seen;
          lastReported = now;
        }
        if (FINISHED.has(status.runtimeStatus)) return status;
      }
    } else {
      await response.body?.cancel();
    }
    if (options.readNotice && options.onNotice && Date.now() >= nextNoticePoll) {
      nextNoticePoll = Date.now() + noticePollMs;
      const notice = await options.readNotice();
      const key = notice ? JSON.stringify(notice) : '';
      // A notice from before this run (the blob outlives runs) is old news.
      if (notice && key !== lastNotice && Date.parse(notice.at) >= notBefore - 1_000) {
        options.onNotice(notice);
        lastReported = Date.now();
      }
      lastNotice = key;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
  throw new Error(
    `the sync run did not finish within ${(options.timeoutMs ?? 1_800_000) / 1000} s`,
  );
}
