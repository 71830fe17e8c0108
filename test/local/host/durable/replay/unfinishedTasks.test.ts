import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import { unfinishedTasks } from '../../../../../local/host/durable/replay/unfinishedTasks.js';

describe('unfinishedTasks', () => {
  it('lists scheduled activities and sub-orchestrations without a completion', () => {
    const history = [
      historyEvent(EventType.TaskScheduled, 0, { Name: 'a', Input: '1' }, 0),
      historyEvent(EventType.TaskScheduled, 0, { Name: 'a', Input: '2' }, 1),
      historyEvent(
        EventType.SubOrchestrationInstanceCreated,
        0,
        { Name: 'c', InstanceId: 'x:2' },
        2,
      ),
      historyEvent(EventType.TimerCreated, 0, { FireAt: 'later' }, 3),
      historyEvent(EventType.TaskCompleted, 0, { TaskScheduledId: 0, Result: '1' }),
    ];
    assert.deepEqual(unfinishedTasks(history), [
      { kind: 'activity', taskId: 1, name: 'a', input: '2' },
      { kind: 'subOrchestration', taskId: 2, name: 'c', instanceId: 'x:2' },
    ]);
  });
});
