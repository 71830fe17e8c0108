import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import { rewindHistory } from '../../../../../local/host/durable/replay/rewindHistory.js';

describe('rewindHistory', () => {
  it('turns failures and their TaskScheduled into GenericEvents and re-schedules the activity (AzureTableTrackingStore.RewindHistoryAsync)', () => {
    const t = 0;
    const history = [
      historyEvent(EventType.ExecutionStarted, t, { Name: 'o' }),
      historyEvent(EventType.TaskScheduled, t, { Name: 'ok' }, 0),
      historyEvent(EventType.TaskCompleted, t, { TaskScheduledId: 0, Result: '1' }),
      historyEvent(EventType.TaskScheduled, t, { Name: 'bad', Input: '"x"' }, 1),
      historyEvent(EventType.TaskFailed, t, { TaskScheduledId: 1, Reason: 'boom' }),
      historyEvent(
        EventType.SubOrchestrationInstanceCreated,
        t,
        { Name: 'c', InstanceId: 'child' },
        2,
      ),
      historyEvent(EventType.SubOrchestrationInstanceFailed, t, { TaskScheduledId: 2 }),
      historyEvent(EventType.ExecutionCompleted, t, { OrchestrationStatus: 3, Result: '"f"' }),
    ];
    const result = rewindHistory(history, 5);
    assert.deepEqual(
      result.history.map((e) => [e.EventType, e['Reason']]),
      [
        [EventType.ExecutionStarted, undefined],
        [EventType.TaskScheduled, undefined],
        [EventType.TaskCompleted, undefined],
        [EventType.GenericEvent, 'Rewound: TaskScheduled'],
        [EventType.GenericEvent, 'Rewound: TaskFailed'],
        [EventType.SubOrchestrationInstanceCreated, undefined],
        [EventType.GenericEvent, 'Rewound: SubOrchestrationInstanceFailed'],
        [EventType.GenericEvent, 'Rewound: ExecutionCompleted'],
        [EventType.TaskScheduled, undefined],
      ],
    );
    assert.equal(result.history.at(-1)?.EventId, 1);
    assert.deepEqual(result.activities, [{ taskId: 1, name: 'bad', input: '"x"' }]);
    assert.deepEqual(result.children, ['child']);
  });
});
