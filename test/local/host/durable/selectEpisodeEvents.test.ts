import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventType, historyEvent } from '../../../../local/host/durable/replay/historyEvents.js';
import {
  selectEpisodeEvents,
  type EpisodeCandidates,
} from '../../../../local/host/durable/selectEpisodeEvents.js';

const T = Date.UTC(2026, 0, 1);
const done = (id: number) =>
  historyEvent(EventType.TaskCompleted, T, { TaskScheduledId: id, Result: '1' });
const fired = (id: number) => historyEvent(EventType.TimerFired, T, { TimerId: id, FireAt: 'x' });
const raised = historyEvent(EventType.EventRaised, T, { Name: 'go', Input: 'true' });
const base: EpisodeCandidates = {
  runtimeStatus: 'Running',
  inbox: [],
  pending: [],
  uncommitted: new Set(),
  queuedActivities: 0,
};

describe('selectEpisodeEvents', () => {
  it('runs with the inbox first, then every ready completion in arrival order', () => {
    assert.deepEqual(
      selectEpisodeEvents({ ...base, inbox: [raised], pending: [done(2), fired(1), done(0)] }),
      { run: true, events: [raised, done(2), fired(1), done(0)], held: [] },
    );
  });

  it('runs nothing when nothing is ready, or the instance is neither Pending nor Running', () => {
    assert.deepEqual(selectEpisodeEvents(base), { run: false });
    for (const runtimeStatus of ['Suspended', 'Completed', 'Failed', 'Terminated'] as const) {
      assert.deepEqual(
        selectEpisodeEvents({ ...base, runtimeStatus, inbox: [raised], pending: [done(0)] }),
        { run: false },
      );
    }
    assert.deepEqual(selectEpisodeEvents({ ...base, runtimeStatus: 'Pending', inbox: [raised] }), {
      run: true,
      events: [raised],
      held: [],
    });
  });

  it('holds a result until the checkpoint that scheduled its task is saved', () => {
    const uncommitted = new Set([1]);
    assert.deepEqual(selectEpisodeEvents({ ...base, pending: [fired(1)], uncommitted }), {
      run: false,
    });
    assert.deepEqual(selectEpisodeEvents({ ...base, pending: [done(0), fired(1)], uncommitted }), {
      run: true,
      events: [done(0)],
      held: [fired(1)],
    });
  });

  it('lets activity results wait for activities still queued for a slot', () => {
    assert.deepEqual(
      selectEpisodeEvents({ ...base, pending: [done(0), done(1)], queuedActivities: 3 }),
      { run: false },
    );
  });

  it('does not wait for queued activities when another kind of message is ready', () => {
    const queued = { ...base, queuedActivities: 3 };
    assert.deepEqual(selectEpisodeEvents({ ...queued, pending: [done(0), fired(1)] }), {
      run: true,
      events: [done(0), fired(1)],
      held: [],
    });
    assert.deepEqual(selectEpisodeEvents({ ...queued, inbox: [raised], pending: [done(0)] }), {
      run: true,
      events: [raised, done(0)],
      held: [],
    });
  });
});
