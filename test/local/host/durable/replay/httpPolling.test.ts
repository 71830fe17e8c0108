import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import {
  applyHttpPolls,
  httpActivityInput,
  splitHttpPolls,
} from '../../../../../local/host/durable/replay/httpPolling.js';
import {
  INITIAL_PROGRESS,
  type ReplayProgress,
} from '../../../../../local/host/durable/replay/ReplayProgress.js';

// The polling loop of azure-functions-durable-extension's DurableOrchestrationContext.CallHttpAsync,
// numbered as durable-functions' CallHttpWithPollingTask numbers it.
const NOW = Date.UTC(2026, 0, 1);
const request = {
  method: 'POST',
  uri: 'http://svc/start',
  headers: { 'x-functions-key': 'k', Accept: 'application/json' },
};
const progress: ReplayProgress = {
  ...INITIAL_PROGRESS,
  nextId: 2,
  httpPolls: [{ taskId: 0, request }],
};
const accepted = (retryAfter?: string) =>
  historyEvent(EventType.TaskCompleted, NOW, {
    TaskScheduledId: 0,
    Result: JSON.stringify({
      statusCode: 202,
      headers: { location: '/status/1', ...(retryAfter ? { 'Retry-After': retryAfter } : {}) },
      content: '',
    }),
  });
const other = historyEvent(EventType.TaskCompleted, NOW, { TaskScheduledId: 1, Result: '1' });
const poll = {
  method: 'GET',
  uri: 'http://svc/status/1',
  headers: { Accept: 'application/json' },
  asynchronousPatternEnabled: true,
};

describe('splitHttpPolls / applyHttpPolls', () => {
  it('puts a polled 202 first and numbers its timer and the next call at once', () => {
    const split = splitHttpPolls([other, accepted('7')], progress);
    assert.deepEqual(split, { pollEvents: [accepted('7')], otherEvents: [other] });
    const result = applyHttpPolls(progress, split, NOW);
    const fireAt = NOW + 7000;
    assert.deepEqual(result.scheduled, [
      historyEvent(EventType.TimerCreated, NOW, { FireAt: new Date(fireAt).toISOString() }, 2),
    ]);
    assert.deepEqual(result.work, [{ kind: 'timer', timerId: 2, fireAt }]);
    assert.deepEqual(result.progress, {
      ...progress,
      nextId: 4,
      timers: [{ id: 2, fireAt }],
      httpPolls: [{ taskId: 3, timerId: 2, request: poll }],
    });

    const fired = historyEvent(EventType.TimerFired, fireAt, { TimerId: 2, FireAt: 'x' });
    const next = applyHttpPolls(result.progress, splitHttpPolls([fired], result.progress), fireAt);
    const input = httpActivityInput(poll);
    assert.deepEqual(next.scheduled, [
      historyEvent(
        EventType.TaskScheduled,
        fireAt,
        { Name: 'BuiltIn::HttpActivity', Input: input },
        3,
      ),
    ]);
    assert.deepEqual(next.work, [
      { kind: 'activity', taskId: 3, name: 'BuiltIn::HttpActivity', input },
    ]);
    assert.deepEqual(next.progress.timers, []);
    assert.deepEqual(next.progress.httpPolls, [{ taskId: 3, request: poll }]);
  });

  it('waits 30 s without Retry-After', () => {
    const result = applyHttpPolls(progress, splitHttpPolls([accepted()], progress), NOW);
    assert.deepEqual(result.work, [{ kind: 'timer', timerId: 2, fireAt: NOW + 30_000 }]);
  });

  it('ends the call on any other answer', () => {
    const done = historyEvent(EventType.TaskCompleted, NOW, {
      TaskScheduledId: 0,
      Result: JSON.stringify({ statusCode: 200, headers: {}, content: 'ok' }),
    });
    const split = splitHttpPolls([done], progress);
    assert.deepEqual(split.pollEvents, []);
    const result = applyHttpPolls(progress, split, NOW);
    assert.deepEqual(result.progress, { ...INITIAL_PROGRESS, nextId: 2 });
  });
});
