import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  applyRetryEvents,
  splitRetryEvents,
} from '../../../../../local/host/durable/replay/applyRetryEvents.js';
import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import type { ReplayProgress } from '../../../../../local/host/durable/replay/ReplayProgress.js';

const NOW = Date.UTC(2026, 0, 1);
const policy = { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 2 };
const progress: ReplayProgress = {
  nextId: 3,
  leafCount: 2,
  retries: [
    {
      kind: 'activity',
      name: 'flaky',
      input: '1',
      policy,
      attempt: 1,
      firstAttemptAt: NOW,
      taskId: 0,
    },
  ],
  timers: [],
};
const failed = historyEvent(EventType.TaskFailed, NOW, {
  TaskScheduledId: 0,
  Reason: 'r',
  Details: 'd',
});
const other = historyEvent(EventType.TaskCompleted, NOW, { TaskScheduledId: 1, Result: '2' });

describe('splitRetryEvents', () => {
  it('puts failed retry attempts before other completions', () => {
    assert.deepEqual(splitRetryEvents([other, failed], progress), {
      retryEvents: [failed],
      otherEvents: [other],
    });
  });
});

describe('applyRetryEvents', () => {
  it('gives a failed attempt the next id for its retry timer, then reschedules when it fires', () => {
    const afterFailure = applyRetryEvents(
      'i',
      progress,
      { retryEvents: [failed], otherEvents: [] },
      NOW,
    );
    assert.deepEqual(afterFailure.scheduled, [
      historyEvent(EventType.TimerCreated, NOW, { FireAt: new Date(NOW + 1000).toISOString() }, 3),
    ]);
    assert.deepEqual(afterFailure.work, [{ kind: 'timer', timerId: 3, fireAt: NOW + 1000 }]);
    assert.equal(afterFailure.progress.nextId, 4);

    const fired = historyEvent(EventType.TimerFired, NOW + 1000, { TimerId: 3 });
    const split = splitRetryEvents([fired], afterFailure.progress);
    assert.deepEqual(split.retryEvents, [fired]);
    const rescheduled = applyRetryEvents('i', afterFailure.progress, split, NOW + 1000);
    assert.deepEqual(rescheduled.scheduled, [
      historyEvent(EventType.TaskScheduled, NOW + 1000, { Name: 'flaky', Input: '1' }, 4),
    ]);
    assert.deepEqual(rescheduled.work, [
      { kind: 'activity', taskId: 4, name: 'flaky', input: '1' },
    ]);
    assert.equal(rescheduled.progress.retries[0]?.attempt, 2);
  });

  it('fires the timer after the last attempt at once and lets the SDK throw', () => {
    const last: ReplayProgress = {
      ...progress,
      retries: [
        { ...(progress.retries[0] as ReplayProgress['retries'][0]), attempt: 2, taskId: 0 },
      ],
    };
    const result = applyRetryEvents('i', last, { retryEvents: [failed], otherEvents: [] }, NOW);
    assert.deepEqual(result.work, [{ kind: 'timer', timerId: 3, fireAt: NOW }]);
    const fired = historyEvent(EventType.TimerFired, NOW, { TimerId: 3 });
    assert.deepEqual(splitRetryEvents([fired], result.progress).otherEvents, [fired]);
    const done = applyRetryEvents(
      'i',
      result.progress,
      { retryEvents: [], otherEvents: [fired] },
      NOW,
    );
    assert.deepEqual(done.progress.retries, []);
    assert.deepEqual(done.progress.timers, []);
  });
});
