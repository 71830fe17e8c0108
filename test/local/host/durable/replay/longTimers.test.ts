import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import {
  applyLongTimerSteps,
  firstTimerFireAt,
  nextTimerFireAt,
  splitLongTimerSteps,
} from '../../../../../local/host/durable/replay/longTimers.js';
import {
  INITIAL_PROGRESS,
  type ReplayProgress,
} from '../../../../../local/host/durable/replay/ReplayProgress.js';

// The rules of azure-functions-durable-extension's DurableOrchestrationContext.CreateTimer
// (ContextImplementations/DurableOrchestrationContext.cs) with the Azure Storage limits.
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

describe('firstTimerFireAt', () => {
  it('keeps timers up to 6 days whole', () => {
    assert.equal(firstTimerFireAt(T0, T0 + 6 * DAY), T0 + 6 * DAY);
    assert.equal(firstTimerFireAt(T0, T0 - 1), T0 - 1);
  });
  it('starts a timer longer than 6 days with a 3-day step', () => {
    assert.equal(firstTimerFireAt(T0, T0 + 6 * DAY + 1), T0 + 3 * DAY);
  });
});

describe('nextTimerFireAt', () => {
  it('steps 3 days while 3 days or more remain, then ends at the fire time', () => {
    assert.equal(nextTimerFireAt(T0 + 3 * DAY, T0 + 7 * DAY), T0 + 6 * DAY);
    assert.equal(nextTimerFireAt(T0 + 3 * DAY, T0 + 6 * DAY), T0 + 6 * DAY);
    assert.equal(nextTimerFireAt(T0 + 6 * DAY, T0 + 7 * DAY), T0 + 7 * DAY);
  });
  it('ends the long timer once its fire time is reached', () => {
    assert.equal(nextTimerFireAt(T0 + 7 * DAY, T0 + 7 * DAY), undefined);
    assert.equal(nextTimerFireAt(T0 + 8 * DAY, T0 + 7 * DAY), undefined);
  });
});

describe('splitLongTimerSteps / applyLongTimerSteps', () => {
  const progress: ReplayProgress = {
    ...INITIAL_PROGRESS,
    nextId: 4,
    timers: [
      { id: 1, fireAt: T0 + 3 * DAY, leaf: 0, finalFireAt: T0 + 7 * DAY },
      { id: 2, fireAt: T0 + 3 * DAY, leaf: 1 },
    ],
  };
  const fired = (id: number) =>
    historyEvent(EventType.TimerFired, T0 + 3 * DAY, { TimerId: id, FireAt: 'x' });
  const done = historyEvent(EventType.TaskCompleted, T0, { TaskScheduledId: 3, Result: '1' });

  it('puts long-timer steps first and schedules the next step with the next id', () => {
    const now = T0 + 3 * DAY;
    const split = splitLongTimerSteps([done, fired(2), fired(1)], progress, now);
    assert.deepEqual(split, { stepEvents: [fired(1)], otherEvents: [done, fired(2)] });
    const result = applyLongTimerSteps(progress, split.stepEvents, now);
    const next = T0 + 6 * DAY;
    assert.deepEqual(result.scheduled, [
      historyEvent(EventType.TimerCreated, now, { FireAt: new Date(next).toISOString() }, 4),
    ]);
    assert.deepEqual(result.work, [{ kind: 'timer', timerId: 4, fireAt: next }]);
    assert.deepEqual(result.progress, {
      ...progress,
      nextId: 5,
      timers: [
        { id: 2, fireAt: T0 + 3 * DAY, leaf: 1 },
        { id: 4, fireAt: next, leaf: 0, finalFireAt: T0 + 7 * DAY },
      ],
    });
  });

  it('treats a step fired at or after the end as the last one', () => {
    const split = splitLongTimerSteps([fired(1)], progress, T0 + 7 * DAY);
    assert.deepEqual(split.stepEvents, []);
  });
});
