import { beginWork } from '../clock/WorkTrackingClock.js';
import type { LiveInstance } from './LiveInstance.js';
import { EventType, historyEvent, type HistoryEvent } from './replay/historyEvents.js';
import { TERMINAL_STATUSES, type RuntimeHooks } from './RuntimeHooks.js';
import type { InstanceRecord, RuntimeStatus } from './store/InstanceStore.js';

/** Outcome of a management request, as the HTTP API maps it (202 / 410 / 404). */
export type ManagementResult = 'accepted' | 'gone' | 'notFound';

/** Runs `action` on a live instance unless it is unknown or finished. */
async function manage(
  hooks: RuntimeHooks,
  instanceId: string,
  goneStatuses: readonly RuntimeStatus[],
  action: (live: LiveInstance) => Promise<void>,
): Promise<ManagementResult> {
  const release = beginWork(hooks.clock);
  try {
    const live = hooks.live(instanceId);
    if (!live) return (await hooks.store.get(instanceId)) ? 'gone' : 'notFound';
    return await live.exclusive(async () => {
      if (hooks.live(instanceId) !== live || goneStatuses.includes(live.record.runtimeStatus)) {
        return 'gone';
      }
      await action(live);
      return 'accepted';
    });
  } finally {
    release();
  }
}

async function appendEvents(
  hooks: RuntimeHooks,
  live: LiveInstance,
  changes: Partial<InstanceRecord>,
  events: HistoryEvent[],
): Promise<void> {
  const record: InstanceRecord = {
    ...live.record,
    ...changes,
    lastUpdatedTime: hooks.clock.now(),
    historyLength: live.record.historyLength + events.length,
  };
  await hooks.save(live, record, events);
}

/** Persists an external event (before the caller answers 202) and wakes the instance. */
export function raiseEvent(
  hooks: RuntimeHooks,
  instanceId: string,
  eventName: string,
  data: string,
): Promise<ManagementResult> {
  return manage(hooks, instanceId, TERMINAL_STATUSES, async (live) => {
    const event = historyEvent(EventType.EventRaised, hooks.clock.now(), {
      Name: eventName,
      Input: data,
    });
    await hooks.save(live, { ...live.record, inbox: [...live.record.inbox, event] });
    hooks.scheduleEpisode(live);
  });
}

/** Ends the instance as Terminated with `reason` as its output. */
export function terminate(
  hooks: RuntimeHooks,
  instanceId: string,
  reason: string,
): Promise<ManagementResult> {
  return manage(hooks, instanceId, TERMINAL_STATUSES, async (live) => {
    const terminated = historyEvent(EventType.ExecutionTerminated, hooks.clock.now(), {
      Input: reason,
    });
    const output = JSON.stringify(reason);
    await appendEvents(hooks, live, { runtimeStatus: 'Terminated', output, inbox: [] }, [
      terminated,
    ]);
    hooks.close(live);
    hooks.log('warn', `Orchestration '${live.record.name}' (${instanceId}) terminated: ${reason}`);
    hooks.notifyParent(live.record, true, 'terminated');
  });
}

/** Holds the instance's episodes until {@link resume}; events keep arriving. */
export function suspend(
  hooks: RuntimeHooks,
  instanceId: string,
  reason: string,
): Promise<ManagementResult> {
  return manage(hooks, instanceId, TERMINAL_STATUSES, async (live) => {
    if (live.record.runtimeStatus === 'Suspended') return;
    const event = historyEvent(EventType.ExecutionSuspended, hooks.clock.now(), {
      Reason: reason,
    });
    await appendEvents(hooks, live, { runtimeStatus: 'Suspended' }, [event]);
  });
}

export function resume(
  hooks: RuntimeHooks,
  instanceId: string,
  reason: string,
): Promise<ManagementResult> {
  return manage(hooks, instanceId, TERMINAL_STATUSES, async (live) => {
    if (live.record.runtimeStatus !== 'Suspended') return;
    const event = historyEvent(EventType.ExecutionResumed, hooks.clock.now(), { Reason: reason });
    await appendEvents(hooks, live, { runtimeStatus: 'Running' }, [event]);
    hooks.scheduleEpisode(live);
  });
}
