import { DurableEngineError } from './DurableEngineError.js';
import { LiveInstance } from './LiveInstance.js';
import { EventType, historyEvent } from './replay/historyEvents.js';
import { rewindHistory, type RewoundActivity } from './replay/rewindHistory.js';
import type { RuntimeHooks } from './RuntimeHooks.js';
import type { ManagementResult } from './instanceManagement.js';

/** What {@link rewindInstance} needs besides the runtime hooks. */
export interface RewindDeps {
  readonly hooks: RuntimeHooks;
  /** Makes the rewound instance live and schedules its episode. */
  readonly adopt: (live: LiveInstance) => void;
  /** Runs an activity whose failure was cleared (after the rewound history is saved). */
  readonly runActivity: (live: LiveInstance, activity: RewoundActivity) => void;
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
  const record = await deps.hooks.store.get(instanceId);
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
  const { hooks } = deps;
  const record = await hooks.store.get(instanceId);
  if (!record || record.runtimeStatus !== 'Failed') return;
  const now = hooks.clock.now();
  const rewound = rewindHistory(await hooks.store.history(record), now);
  const history = [...rewound.history];
  const next = {
    ...record,
    runtimeStatus: 'Running' as const,
    output: undefined,
    lastUpdatedTime: now,
    historyLength: history.length,
    inbox:
      rewound.children.length === 0
        ? [historyEvent(EventType.GenericEvent, now, { Data: reason })]
        : [],
  };
  await hooks.store.save(next, { replace: history });
  const live = new LiveInstance(next, history);
  // The parent is live before its children run, so their results reach it.
  deps.adopt(live);
  for (const activity of rewound.activities) {
    deps.runActivity(live, activity);
  }
  hooks.log('info', `Orchestration '${record.name}' (${instanceId}) rewound: ${reason}`);
  for (const child of rewound.children) await rewindFailed(deps, child, reason);
}
