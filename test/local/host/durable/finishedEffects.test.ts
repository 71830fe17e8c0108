import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { finishedEffects } from '../../../../local/host/durable/finishedEffects.js';
import { EventType, historyEvent } from '../../../../local/host/durable/replay/historyEvents.js';
import { INITIAL_PROGRESS } from '../../../../local/host/durable/replay/ReplayProgress.js';
import { recoveryEffects } from '../../../../local/host/durable/recoveryEffects.js';
import type { InstanceRecord } from '../../../../local/host/durable/store/InstanceStore.js';

const NOW = Date.UTC(2026, 0, 1);
const record: InstanceRecord = {
  instanceId: 'c',
  name: 'child',
  executionId: 'e1',
  runtimeStatus: 'Failed',
  output: '"boom"',
  createdTime: 0,
  lastUpdatedTime: NOW,
  parentInstanceId: 'p',
  parentTaskId: 2,
  historyLength: 0,
  progress: INITIAL_PROGRESS,
  inbox: [],
};

describe('finishedEffects', () => {
  it('stops timers, wakes waiters, prints the line and tells the parent, in that order', () => {
    assert.deepEqual(
      finishedEffects(record, { kind: 'failed', output: '"boom"', details: 'd' }, NOW),
      [
        { kind: 'cancelTimers' },
        { kind: 'complete', record },
        { kind: 'log', level: 'error', message: "Orchestration 'child' (c) failed: boom" },
        {
          kind: 'notifyParent',
          child: record,
          event: historyEvent(EventType.SubOrchestrationInstanceFailed, NOW, {
            TaskScheduledId: 2,
            Reason: 'boom',
            Details: 'd',
          }),
        },
      ],
    );
  });

  it('has no parent to tell for a top-level instance', () => {
    const top = { ...record, runtimeStatus: 'Completed' as const, parentInstanceId: undefined };
    assert.deepEqual(
      finishedEffects(top, { kind: 'completed', output: '1' }, NOW).map((e) => e.kind),
      ['cancelTimers', 'complete', 'log'],
    );
  });
});

describe('recoveryEffects', () => {
  it('re-arms open timers, re-runs unfinished activities and recovers unfinished children', () => {
    const running: InstanceRecord = {
      ...record,
      runtimeStatus: 'Running',
      progress: { ...INITIAL_PROGRESS, nextId: 4, timers: [{ id: 3, fireAt: NOW + 1000 }] },
    };
    const history = [
      historyEvent(EventType.TaskScheduled, NOW, { Name: 'a', Input: '1' }, 0),
      historyEvent(EventType.TaskCompleted, NOW, { TaskScheduledId: 0, Result: '1' }),
      historyEvent(EventType.TaskScheduled, NOW, { Name: 'b', Input: '2' }, 1),
      historyEvent(
        EventType.SubOrchestrationInstanceCreated,
        NOW,
        { Name: 'k', InstanceId: 'c:1', Input: '3' },
        2,
      ),
    ];
    assert.deepEqual(recoveryEffects(running, history), {
      work: [
        { kind: 'timer', timerId: 3, fireAt: NOW + 1000 },
        { kind: 'activity', taskId: 1, name: 'b', input: '2' },
      ],
      children: [
        {
          kind: 'recoverChild',
          executionId: 'e1',
          taskId: 2,
          name: 'k',
          childId: 'c:1',
          input: '3',
        },
      ],
    });
  });
});
