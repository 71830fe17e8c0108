import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { INITIAL_PROGRESS } from '../../../../../local/host/durable/replay/ReplayProgress.js';
import { matchesQuery } from '../../../../../local/host/durable/store/InstanceStore.js';

const record = {
  instanceId: 'i',
  name: 'o',
  executionId: 'e',
  runtimeStatus: 'Running' as const,
  createdTime: 1000,
  lastUpdatedTime: 1000,
  historyLength: 0,
  progress: INITIAL_PROGRESS,
  inbox: [],
};

describe('matchesQuery', () => {
  it('matches everything without filters', () => {
    assert.equal(matchesQuery(record), true);
    assert.equal(matchesQuery(record, { statuses: [] }), true);
  });

  it('filters by creation window and status', () => {
    assert.equal(matchesQuery(record, { createdTimeFrom: 1000, createdTimeTo: 1000 }), true);
    assert.equal(matchesQuery(record, { createdTimeFrom: 1001 }), false);
    assert.equal(matchesQuery(record, { createdTimeTo: 999 }), false);
    assert.equal(matchesQuery(record, { statuses: ['Completed', 'Running'] }), true);
    assert.equal(matchesQuery(record, { statuses: ['Completed'] }), false);
  });
});
