import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  formatTime,
  readableHistory,
  statusPayload,
} from '../../../../../local/host/durable/http/statusPayload.js';
import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import { INITIAL_PROGRESS } from '../../../../../local/host/durable/replay/ReplayProgress.js';

const T0 = Date.UTC(2026, 0, 1, 8, 30, 15, 123);
const history = [
  historyEvent(EventType.OrchestratorStarted, T0),
  historyEvent(EventType.ExecutionStarted, T0, { Name: 'o', Input: '{"a":1}' }),
  historyEvent(EventType.TaskScheduled, T0, { Name: 'act', Input: '1' }, 0),
  historyEvent(EventType.OrchestratorCompleted, T0),
  historyEvent(EventType.TaskCompleted, T0 + 1000, { TaskScheduledId: 0, Result: '2' }),
];
const iso = (ms: number) => new Date(ms).toISOString();

describe('formatTime', () => {
  it('formats to seconds with a Z', () => {
    assert.equal(formatTime(T0), '2026-01-01T08:30:15Z');
  });
});

describe('readableHistory', () => {
  it('names event types, joins completions to their scheduling and hides episode markers', () => {
    assert.deepEqual(readableHistory(history, true), [
      { EventType: 'ExecutionStarted', Timestamp: iso(T0), FunctionName: 'o', Input: { a: 1 } },
      {
        EventType: 'TaskCompleted',
        Timestamp: iso(T0 + 1000),
        FunctionName: 'act',
        ScheduledTime: iso(T0),
        Result: 2,
      },
    ]);
    assert.deepEqual(readableHistory(history, false)[1], {
      EventType: 'TaskCompleted',
      Timestamp: iso(T0 + 1000),
      FunctionName: 'act',
      ScheduledTime: iso(T0),
    });
  });
});

describe('statusPayload', () => {
  it('parses input, output and custom status, null when absent', () => {
    const record = {
      instanceId: 'i',
      name: 'o',
      executionId: 'e',
      runtimeStatus: 'Running' as const,
      input: '{"a":1}',
      customStatus: '"half"',
      createdTime: T0,
      lastUpdatedTime: T0 + 2000,
      historyLength: 5,
      progress: INITIAL_PROGRESS,
      inbox: [],
    };
    assert.deepEqual(statusPayload(record), {
      name: 'o',
      instanceId: 'i',
      runtimeStatus: 'Running',
      input: { a: 1 },
      customStatus: 'half',
      output: null,
      createdTime: '2026-01-01T08:30:15Z',
      lastUpdatedTime: '2026-01-01T08:30:17Z',
    });
    assert.equal(statusPayload(record, { showInput: false }).input, null);
    const withHistory = statusPayload(record, { showHistory: true }, history);
    assert.deepEqual(withHistory.historyEvents, readableHistory(history, false));
    assert.deepEqual(withHistory.history, withHistory.historyEvents);
  });
});
