import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ActionType } from '../../../../../local/host/durable/replay/actions.js';
import { actionsFingerprint } from '../../../../../local/host/durable/replay/assertSameActions.js';
import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import { INITIAL_PROGRESS } from '../../../../../local/host/durable/replay/ReplayProgress.js';
import {
  scheduleActions,
  UnsupportedActionError,
} from '../../../../../local/host/durable/replay/scheduleActions.js';

const NOW = Date.UTC(2026, 0, 1);
const FIRE = '2026-01-01T01:00:00.000Z';

describe('scheduleActions', () => {
  it('numbers new actions sequentially, skipping external events', () => {
    const leaves = [
      { actionType: ActionType.CallActivity, functionName: 'a', input: '"x"' },
      { actionType: ActionType.WaitForExternalEvent, externalEventName: 'go' },
      { actionType: ActionType.CreateTimer, fireAt: FIRE, isCanceled: false },
      { actionType: ActionType.CallSubOrchestrator, functionName: 'child', input: { n: 1 } },
    ];
    const result = scheduleActions('parent', leaves, INITIAL_PROGRESS, NOW);
    assert.deepEqual(result.scheduled, [
      historyEvent(EventType.TaskScheduled, NOW, { Name: 'a', Input: '"x"' }, 0),
      historyEvent(EventType.TimerCreated, NOW, { FireAt: FIRE }, 1),
      historyEvent(
        EventType.SubOrchestrationInstanceCreated,
        NOW,
        { Name: 'child', InstanceId: 'parent:0002', Input: '{"n":1}' },
        2,
      ),
    ]);
    assert.deepEqual(result.work, [
      { kind: 'activity', taskId: 0, name: 'a', input: '"x"' },
      { kind: 'timer', timerId: 1, fireAt: Date.parse(FIRE) },
      {
        kind: 'subOrchestration',
        taskId: 2,
        name: 'child',
        instanceId: 'parent:0002',
        input: '{"n":1}',
      },
    ]);
    assert.deepEqual(result.progress, {
      nextId: 3,
      leafCount: 4,
      leafHash: actionsFingerprint(leaves, 4),
      retries: [],
      timers: [{ id: 1, fireAt: Date.parse(FIRE), leaf: 2 }],
    });

    const cancelled = [...leaves];
    cancelled[2] = { actionType: ActionType.CreateTimer, fireAt: FIRE, isCanceled: true };
    const next = scheduleActions('parent', cancelled, result.progress, NOW);
    assert.deepEqual(next.work, [{ kind: 'cancelTimer', timerId: 1 }]);
    assert.deepEqual(next.scheduled, []);
    assert.deepEqual(next.progress.timers, []);
  });

  it('reports ContinueAsNew with its input', () => {
    const result = scheduleActions(
      'i',
      [{ actionType: ActionType.ContinueAsNew, input: 5 }],
      INITIAL_PROGRESS,
      NOW,
    );
    assert.deepEqual(result.continueAsNew, { input: '5' });
  });

  it('refuses entity actions with a clear error', () => {
    assert.throws(
      () => scheduleActions('i', [{ actionType: ActionType.CallEntity }], INITIAL_PROGRESS, NOW),
      (error: unknown) => {
        assert.ok(error instanceof UnsupportedActionError);
        assert.equal(error.code, 'ERR_DURABLE_UNSUPPORTED_ACTION');
        assert.equal(
          error.message,
          'context.df.callEntity() is not supported by the local host yet (durable entities need the real Durable Functions extension).',
        );
        return true;
      },
    );
  });
});
