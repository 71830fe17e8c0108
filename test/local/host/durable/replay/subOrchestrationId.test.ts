import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { subOrchestrationId } from '../../../../../local/host/durable/replay/subOrchestrationId.js';

describe('subOrchestrationId', () => {
  it("appends the task's sequence number as four hex digits", () => {
    assert.equal(subOrchestrationId('abc', 2), 'abc:0002');
    assert.equal(subOrchestrationId('abc', 26), 'abc:001A');
  });
});
