import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  completedTaskId,
  EVENT_TYPE_NAMES,
  EventType,
  historyEvent,
} from '../../../../../local/host/durable/replay/historyEvents.js';

describe('historyEvent', () => {
  it('builds the DTFx JSON shape', () => {
    assert.deepEqual(
      historyEvent(EventType.TaskScheduled, Date.UTC(2026, 0, 1), { Name: 'a' }, 4),
      {
        EventType: 4,
        EventId: 4,
        IsPlayed: false,
        Timestamp: '2026-01-01T00:00:00.000Z',
        Name: 'a',
      },
    );
    assert.equal(historyEvent(EventType.OrchestratorStarted, 0).EventId, -1);
  });
});

describe('completedTaskId', () => {
  it('reads TaskScheduledId or TimerId', () => {
    assert.equal(
      completedTaskId(historyEvent(EventType.TaskCompleted, 0, { TaskScheduledId: 2 })),
      2,
    );
    assert.equal(completedTaskId(historyEvent(EventType.TimerFired, 0, { TimerId: 5 })), 5);
    assert.equal(completedTaskId(historyEvent(EventType.EventRaised, 0, { Name: 'x' })), undefined);
  });
});

describe('EVENT_TYPE_NAMES', () => {
  it('names event types by number', () => {
    assert.equal(
      EVENT_TYPE_NAMES[EventType.SubOrchestrationInstanceFailed],
      'SubOrchestrationInstanceFailed',
    );
  });
});
