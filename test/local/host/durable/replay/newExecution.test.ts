import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { executionStarted } from '../../../../../local/host/durable/replay/executionStarted.js';
import {
  continuedRecord,
  newInstanceRecord,
} from '../../../../../local/host/durable/replay/newExecution.js';
import { INITIAL_PROGRESS } from '../../../../../local/host/durable/replay/ReplayProgress.js';

describe('newInstanceRecord', () => {
  it('creates a Pending record whose inbox starts the execution', () => {
    const parent = { instanceId: 'p', taskId: 3 };
    assert.deepEqual(
      newInstanceRecord({
        name: 'o',
        instanceId: 'c',
        executionId: 'e',
        input: '1',
        now: 5,
        parent,
      }),
      {
        instanceId: 'c',
        name: 'o',
        executionId: 'e',
        runtimeStatus: 'Pending',
        input: '1',
        createdTime: 5,
        lastUpdatedTime: 5,
        parentInstanceId: 'p',
        parentTaskId: 3,
        historyLength: 0,
        progress: INITIAL_PROGRESS,
        inbox: [executionStarted('o', 'c', 'e', '1', 5, 'p')],
      },
    );
  });
});

describe('continuedRecord', () => {
  it('starts a fresh execution with the new input, keeping identity and creation time', () => {
    const first = newInstanceRecord({
      name: 'o',
      instanceId: 'i',
      executionId: 'e1',
      input: '1',
      now: 5,
    });
    const next = continuedRecord(
      { ...first, runtimeStatus: 'Running', historyLength: 9 },
      'e2',
      '2',
      8,
    );
    assert.deepEqual(next, {
      ...first,
      input: '2',
      output: undefined,
      executionId: 'e2',
      runtimeStatus: 'Running',
      lastUpdatedTime: 8,
      historyLength: 0,
      inbox: [executionStarted('o', 'i', 'e2', '2', 8, undefined)],
    });
  });
});
