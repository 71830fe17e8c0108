import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  parseOrchestratorError,
  parseOrchestratorState,
} from '../../../../../local/host/durable/replay/orchestratorResult.js';

describe('parseOrchestratorState', () => {
  it('normalises dates to ISO text', () => {
    const fireAt = new Date(Date.UTC(2026, 0, 1));
    const state = parseOrchestratorState({
      isDone: false,
      actions: [[{ actionType: 5, fireAt, isCanceled: false }]],
      schemaVersion: 2,
    });
    assert.deepEqual(state, {
      isDone: false,
      actions: [[{ actionType: 5, fireAt: '2026-01-01T00:00:00.000Z', isCanceled: false }]],
      schemaVersion: 2,
    });
  });

  it('rejects what is not an orchestrator state', () => {
    assert.throws(() => parseOrchestratorState('hello'), {
      name: 'TypeError',
      message:
        'The orchestrator returned "hello", not a durable-functions orchestrator state; register orchestrations with df.app.orchestration.',
    });
  });
});

describe('parseOrchestratorError', () => {
  it('takes the message from the $OutOfProcData$ state', () => {
    const state = { isDone: false, actions: [[]], error: 'Error: bad input', schemaVersion: 2 };
    const error = new Error(`false\n\n$OutOfProcData$:${JSON.stringify(state)}`);
    assert.deepEqual(parseOrchestratorError(error), {
      kind: 'failed',
      message: 'Error: bad input',
      details: '',
    });
  });

  it('keeps a plain error message and stack', () => {
    const error = new Error('host trouble');
    assert.deepEqual(parseOrchestratorError(error), {
      kind: 'failed',
      message: 'host trouble',
      details: error.stack,
    });
  });
});
