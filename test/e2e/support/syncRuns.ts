import { watchInstance, type InstanceStatus } from '../../../local/stack/watchSyncRun.js';

export interface RunSummary {
  readonly runId: string;
  readonly status: string;
  readonly trigger: string;
  readonly mode: string;
  readonly partitions: readonly {
    name: string;
    status: string;
    mode?: string;
    fullBecause?: string;
    orders: number;
    pages: number;
    chunks: number;
    watermarkBefore?: string | null;
    watermarkAfter?: string | null;
    attempts: number;
    blobPath?: string;
    error?: { code: string; message: string };
  }[];
  readonly totals: { partitions: number; synced: number; failed: number; orders: number };
  readonly reportPath?: string;
}

export const SYNC_INSTANCE_ID = 'orders-sync';

/** Waits until the sync instance created at or after `since` (epoch ms) finishes. */
export async function waitForRun(clientUrl: string, since: number): Promise<InstanceStatus> {
  return watchInstance(
    {
      clientUrl,
      timerFunction: 'ordersSyncTimer',
      instanceId: SYNC_INSTANCE_ID,
      onProgress: () => {},
      pollMs: 100,
      timeoutMs: 120_000,
    },
    since,
  );
}

export async function postSync(clientUrl: string, body?: unknown): Promise<Response> {
  return fetch(`${clientUrl}/api/sync`, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
}

export async function fireTimer(clientUrl: string): Promise<Response> {
  return fetch(`${clientUrl}/admin/functions/ordersSyncTimer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"input":""}',
  });
}

/** Polls the instance's custom status until `done` partitions reach `count`. */
export async function waitForPartitionsDone(clientUrl: string, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await fetch(
      `${clientUrl}/runtime/webhooks/durabletask/instances/${SYNC_INSTANCE_ID}`,
    );
    if (response.status === 200 || response.status === 202) {
      const status = (await response.json()) as { customStatus?: { done?: number } };
      if ((status.customStatus?.done ?? 0) >= count) return;
    } else {
      await response.body?.cancel();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${count} partitions finished within 60 s`);
}
