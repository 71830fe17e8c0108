import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { manage } from '../../../../local/host/durable/managementTurn.js';
import { EventType, historyEvent } from '../../../../local/host/durable/replay/historyEvents.js';
import { INITIAL_PROGRESS } from '../../../../local/host/durable/replay/ReplayProgress.js';
import type { InstanceRecord } from '../../../../local/host/durable/store/InstanceStore.js';

const NOW = Date.UTC(2026, 0, 1);
const record: InstanceRecord = {
  instanceId: 'child',
  name: 'o',
  executionId: 'e',
  runtimeStatus: 'Running',
  createdTime: 0,
  lastUpdatedTime: 0,
  parentInstanceId: 'parent',
  parentTaskId: 4,
  historyLength: 3,
  progress: INITIAL_PROGRESS,
  inbox: [],
};

describe('manage', () => {
  it('keeps a raised event in the inbox and wakes the instance', () => {
    const turn = manage(record, { kind: 'raiseEvent', name: 'go', data: '1' }, NOW);
    assert.deepEqual(turn, {
      result: 'accepted',
      record: {
        ...record,
        inbox: [historyEvent(EventType.EventRaised, NOW, { Name: 'go', Input: '1' })],
      },
      finished: false,
      wake: true,
      effects: [],
    });
  });

  it('terminates with the reason as output and tells the parent the child failed', () => {
    const turn = manage(record, { kind: 'terminate', reason: 'stop' }, NOW);
    const terminated = {
      ...record,
      runtimeStatus: 'Terminated' as const,
      output: '"stop"',
      lastUpdatedTime: NOW,
      historyLength: 4,
    };
    assert.deepEqual(turn, {
      result: 'accepted',
      record: terminated,
      appended: [historyEvent(EventType.ExecutionTerminated, NOW, { Input: 'stop' })],
      finished: true,
      wake: false,
      effects: [
        { kind: 'log', level: 'warn', message: "Orchestration 'o' (child) terminated: stop" },
        {
          kind: 'notifyParent',
          child: terminated,
          event: historyEvent(EventType.SubOrchestrationInstanceFailed, NOW, {
            TaskScheduledId: 4,
            Reason: 'stop',
            Details: 'terminated',
          }),
        },
      ],
    });
  });

  it('suspends once and resumes only a suspended instance', () => {
    const suspended = manage(record, { kind: 'suspend', reason: 'r' }, NOW);
    assert.equal(suspended.record.runtimeStatus, 'Suspended');
    assert.deepEqual(suspended.appended, [
      historyEvent(EventType.ExecutionSuspended, NOW, { Reason: 'r' }),
    ]);
    const again = manage(suspended.record, { kind: 'suspend', reason: 'r' }, NOW);
    assert.equal(again.record, suspended.record);
    const resumed = manage(suspended.record, { kind: 'resume', reason: 'r' }, NOW);
    assert.deepEqual([resumed.record.runtimeStatus, resumed.wake], ['Running', true]);
    assert.equal(manage(record, { kind: 'resume', reason: 'r' }, NOW).record, record);
  });

  it('answers gone for a finished instance', () => {
    const done = { ...record, runtimeStatus: 'Completed' as const };
    assert.equal(manage(done, { kind: 'terminate', reason: 'x' }, NOW).result, 'gone');
  });
});
