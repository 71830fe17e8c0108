import type { Clock, HostLog } from '../contracts.js';
import { DurableEngineError } from './DurableEngineError.js';
import type { ManagementResult } from './driverMessages.js';
import type { HistoryEvent } from './replay/historyEvents.js';
import { EventType, historyEvent } from './replay/historyEvents.js';
import { rewindHistory, type RewoundActivity } from './replay/rewindHistory.js';
import type { InstanceRecord, InstanceStore } from './store/InstanceStore.js';

/** What {@link rewindInstance} needs from the engine. */
export interface RewindDeps {
  readonly store: InstanceStore;
  readonly clock: Clock;
  readonly log: HostLog;
  /**
   * Drives the rewound instance (saved already): its episode, and the activities whose failures
   * the rewind cleared.
   */
  readonly adopt: (
    record: InstanceRecord,
    history: HistoryEvent[],
    activities: readonly RewoundActivity[],
  ) => void;
}

/**
 * Rewinds a failed instance as the extension's `RewindAsync` does: unknown → notFound; Completed,
 * Terminated or Canceled → gone (HttpApiHandler.HandleRewindInstanceRequestAsync answers 410);
 * any other non-Failed status throws, as `DurableClient.RewindAsync` throws
 * InvalidOperationException ("only supported on failed orchestration instances", a 500 there).
 * Failed sub-orchestrations are rewound too; only the deepest failed instances receive the
 * GenericEvent that revives them (`AzureStorageOrchestrationService.RewindTaskOrchestrationAsync`),
 * their parents wait for the children's results.
 *
 * @throws {DurableEngineError} `ERR_DURABLE_NOT_FAILED` for a running or pending instance.
 */
export async function rewindInstance(
  deps: RewindDeps,
  instanceId: string,
  reason: string,
): Promise<ManagementResult> {
  const record = await deps.store.get(instanceId);
  if (!record) return 'notFound';
  if (['Completed', 'Terminated', 'Canceled'].includes(record.runtimeStatus)) return 'gone';
  if (record.runtimeStatus !== 'Failed') {
    throw new DurableEngineError(
      'ERR_DURABLE_NOT_FAILED',
      'The rewind operation is only supported on failed orchestration instances.',
    );
  }
  await rewindFailed(deps, instanceId, reason);
  return 'accepted';
}

async function rewindFailed(deps: RewindDeps, instanceId: string, reason: string): Promise<void> {
  const record = await deps.store.get(instanceId);
  if (!record || record.runtimeStatus !== 'Failed') return;
  const now = deps.clock.now();
  const rewound = rewindHistory(await deps.store.history(record), now);
  const history = [...rewound.history];
  const next: InstanceRecord = {
    ...record,
    runtimeStatus: 'Running',
    output: undefined,
    lastUpdatedTime: now,
    historyLength: history.length,
    inbox:
      rewound.children.length === 0
        ? [historyEvent(EventType.GenericEvent, now, { Data: reason })]
        : [],
  };
  await deps.store.save(next, { replace: history });
  // The parent is driven before its children run, so their results reach it.
  deps.adopt(next, history, rewound.activities);
  deps.log('info', `Orchestration '${record.name}' (${instanceId}) rewound: ${reason}`);
  for (const child of rewound.children) await rewindFailed(deps, child, reason);
}
