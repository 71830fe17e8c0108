import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import df, { type OrchestrationContext } from 'durable-functions';

import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import { INITIAL_PROGRESS } from '../../../../../local/host/durable/replay/ReplayProgress.js';
import { runEpisode } from '../../../../../local/host/durable/replay/runEpisode.js';
import type { InstanceRecord } from '../../../../../local/host/durable/store/InstanceStore.js';
import { directInvoke, registerApp } from '../support/durableHarness.js';

const T0 = Date.UTC(2026, 0, 1);
const registry = registerApp(() => {
  df.app.orchestration('greet', function* (context: OrchestrationContext) {
    const greeting = (yield context.df.callActivity('hello', context.df.getInput())) as string;
    return `${greeting}!`;
  });
});
const invoke = directInvoke(registry);

const started = historyEvent(EventType.ExecutionStarted, T0, { Name: 'greet', Input: '"Ada"' });
const record: InstanceRecord = {
  instanceId: 'i1',
  name: 'greet',
  executionId: 'e1',
  runtimeStatus: 'Pending',
  input: '"Ada"',
  createdTime: T0,
  lastUpdatedTime: T0,
  historyLength: 0,
  progress: INITIAL_PROGRESS,
  inbox: [started],
};

describe('runEpisode', () => {
  it('sends the extension trigger input and schedules the first activity', async () => {
    const inputs: unknown[] = [];
    const result = await runEpisode({
      record,
      history: [],
      events: [started],
      now: T0 + 5,
      invoke: (triggerInput) => {
        inputs.push(structuredClone(triggerInput));
        return invoke('greet', triggerInput);
      },
    });
    assert.deepEqual(inputs, [
      {
        history: [historyEvent(EventType.OrchestratorStarted, T0 + 5), started],
        input: 'Ada',
        instanceId: 'i1',
        isReplaying: false,
        parentInstanceId: null,
        upperSchemaVersion: 1,
        upperSchemaVersionNew: 2,
        longRunningTimerIntervalDuration: '3.00:00:00',
        maximumShortTimerDuration: '6.00:00:00',
        defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
      },
    ]);
    assert.deepEqual(result.appended, [
      historyEvent(EventType.OrchestratorStarted, T0 + 5),
      started,
      historyEvent(EventType.TaskScheduled, T0 + 5, { Name: 'hello', Input: '"Ada"' }, 0),
      historyEvent(EventType.OrchestratorCompleted, T0 + 5),
    ]);
    assert.deepEqual(result.work, [{ kind: 'activity', taskId: 0, name: 'hello', input: '"Ada"' }]);
    assert.deepEqual(result.outcome, { kind: 'running' });
    assert.equal(result.record.runtimeStatus, 'Running');
    assert.equal(result.record.historyLength, 4);
    assert.equal(result.replayedEvents, 2);

    const completed = historyEvent(EventType.TaskCompleted, T0 + 9, {
      TaskScheduledId: 0,
      Result: '"Hello Ada"',
    });
    const second = await runEpisode({
      record: result.record,
      history: result.appended,
      events: [completed],
      now: T0 + 10,
      invoke: (triggerInput) => invoke('greet', triggerInput),
    });
    assert.deepEqual(second.outcome, { kind: 'completed', output: '"Hello Ada!"' });
    assert.equal(second.record.runtimeStatus, 'Completed');
    assert.equal(second.record.output, '"Hello Ada!"');
    assert.deepEqual(
      second.appended.at(-1),
      historyEvent(EventType.ExecutionCompleted, T0 + 10, {
        OrchestrationStatus: 1,
        Result: '"Hello Ada!"',
      }),
    );
    assert.equal(second.replayedEvents, 6);
  });

  it('fails the orchestration when the invocation itself fails', async () => {
    const result = await runEpisode({
      record,
      history: [],
      events: [started],
      now: T0,
      invoke: () => Promise.reject(new Error('worker gone')),
    });
    assert.equal(result.outcome.kind, 'failed');
    assert.equal(
      result.record.output,
      JSON.stringify("Orchestrator function 'greet' failed: worker gone"),
    );
  });
});
