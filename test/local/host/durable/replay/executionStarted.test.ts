import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { executionStarted } from '../../../../../local/host/durable/replay/executionStarted.js';

describe('executionStarted', () => {
  it('names the orchestration, its input and its parent', () => {
    assert.deepEqual(executionStarted('o', 'i', 'e', '"x"', 0, 'p'), {
      EventType: 0,
      EventId: -1,
      IsPlayed: false,
      Timestamp: '1970-01-01T00:00:00.000Z',
      Name: 'o',
      Input: '"x"',
      OrchestrationInstance: { InstanceId: 'i', ExecutionId: 'e' },
      ParentInstance: { OrchestrationInstance: { InstanceId: 'p' } },
    });
  });
});
