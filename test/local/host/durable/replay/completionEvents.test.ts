import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  activityCompleted,
  activityFailed,
  subOrchestrationFinished,
} from '../../../../../local/host/durable/replay/completionEvents.js';
import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';

describe('activityCompleted', () => {
  it('stores the result as JSON text, undefined as null', () => {
    assert.deepEqual(
      activityCompleted(3, { a: 1 }, 0),
      historyEvent(EventType.TaskCompleted, 0, { TaskScheduledId: 3, Result: '{"a":1}' }),
    );
    assert.equal(activityCompleted(3, undefined, 0)['Result'], 'null');
  });
});

describe('activityFailed', () => {
  it("reports the extension's reason", () => {
    const error = new Error('boom');
    assert.deepEqual(
      activityFailed(2, 'fetchOrders', error, 0),
      historyEvent(EventType.TaskFailed, 0, {
        TaskScheduledId: 2,
        Reason: "Activity function 'fetchOrders' failed: boom",
        Details: error.stack,
      }),
    );
  });
});

describe('subOrchestrationFinished', () => {
  it('carries the output on success and the failure message as the reason', () => {
    assert.deepEqual(
      subOrchestrationFinished(1, false, '"ok"', '', 0),
      historyEvent(EventType.SubOrchestrationInstanceCompleted, 0, {
        TaskScheduledId: 1,
        Result: '"ok"',
      }),
    );
    assert.deepEqual(
      subOrchestrationFinished(1, true, '"Orchestrator function \'c\' failed: x"', 'd', 0),
      historyEvent(EventType.SubOrchestrationInstanceFailed, 0, {
        TaskScheduledId: 1,
        Reason: "Orchestrator function 'c' failed: x",
        Details: 'd',
      }),
    );
  });
});
