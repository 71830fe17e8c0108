import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildRunInput } from '../../../client-app/sync/buildRunInput.js';

const activityRetry = { firstRetryIntervalMs: 1000, maxAttempts: 3 };

describe('buildRunInput', () => {
  it('leaves partitions out when none are configured or asked for (the server lists them)', () => {
    assert.deepEqual(buildRunInput({ maxParallel: 4, partitions: [], activityRetry }, 'timer'), {
      trigger: 'timer',
      mode: 'incremental',
      maxParallel: 4,
      activityRetry,
    });
  });

  it('uses configured partitions unless the request names its own', () => {
    const defaults = { maxParallel: 2, partitions: ['emea', 'apac'], activityRetry };
    assert.deepEqual(buildRunInput(defaults, 'timer').partitions, ['emea', 'apac']);
    assert.deepEqual(
      buildRunInput(defaults, 'http', { partitions: ['latam'], since: '2026-01-01T00:00:00Z' }),
      {
        trigger: 'http',
        mode: 'since',
        maxParallel: 2,
        activityRetry,
        partitions: ['latam'],
        since: '2026-01-01T00:00:00Z',
      },
    );
  });

  it('is incremental by default, full when asked, and a since run when given an instant', () => {
    const defaults = { maxParallel: 2, partitions: [], activityRetry };
    assert.equal(buildRunInput(defaults, 'timer').mode, 'incremental');
    assert.equal(buildRunInput(defaults, 'http', {}).mode, 'incremental');
    assert.equal(buildRunInput(defaults, 'http', { mode: 'full' }).mode, 'full');
    assert.equal(buildRunInput(defaults, 'http', { since: '2026-01-01T00:00:00Z' }).mode, 'since');
  });
});
