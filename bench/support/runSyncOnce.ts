import { performance } from 'node:perf_hooks';

import type { SyncRequest } from '../../client-app/sync/parseSyncRequest.js';
import { SYNC_INSTANCE_ID } from '../../client-app/sync/syncNames.js';
import { ROUTES } from '../../shared/names.js';
import type { SyncRunStatus } from './findSyncProblems.js';

const FINISHED = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

export interface SyncRunOutcome<S extends SyncRunStatus = SyncRunStatus> {
  /** The last status seen; `finished` false when the run outlasted the timeout. */
  readonly status: S | undefined;
  readonly finished: boolean;
  /** From sending `POST /api/sync` to seeing the run finished. */
  readonly wallMs: number;
}

/**
 * Starts a sync through `POST /api/sync` with `body` as its JSON body (none by default: an
 * incremental run of every partition the server lists) and polls the durable status of the run's well-known instance until it finishes or
 * `timeoutMs` passes.
 *
 * @throws {Error} when the start is not answered 202.
 */
export async function runSyncOnce<S extends SyncRunStatus = SyncRunStatus>(
  clientUrl: string,
  options: { readonly pollMs: number; readonly timeoutMs: number },
  body?: SyncRequest,
): Promise<SyncRunOutcome<S>> {
  const startedAtIso = Date.now();
  const started = performance.now();
  const response = await fetch(`${clientUrl}/api/${ROUTES.sync}`, {
    method: 'POST',
    ...(body
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  await response.body?.cancel();
  if (response.status !== 202) {
    throw new Error(`POST /api/${ROUTES.sync} answered ${response.status}, expected 202`);
  }
  const statusUrl = `${clientUrl}/runtime/webhooks/durabletask/instances/${SYNC_INSTANCE_ID}`;
  // The caller names the parts of the status payload it reads (JSON, as the host sends it).
  let status: S | undefined;
  while (performance.now() - started < options.timeoutMs) {
    const polled = await fetch(statusUrl);
    if (polled.ok) {
      status = (await polled.json()) as S;
      // The instance id is reused: a finished instance created before this start is the last run.
      const previous =
        status.createdTime !== undefined && Date.parse(status.createdTime) < startedAtIso - 1_000;
      if (!previous && FINISHED.has(status.runtimeStatus)) {
        return { status, finished: true, wallMs: performance.now() - started };
      }
    } else {
      await polled.body?.cancel();
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  return { status, finished: false, wallMs: performance.now() - started };
}
