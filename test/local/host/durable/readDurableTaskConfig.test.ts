import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';

import { DurableEngineError } from '../../../../local/host/durable/DurableEngineError.js';
import { readDurableTaskConfig } from '../../../../local/host/durable/readDurableTaskConfig.js';

describe('readDurableTaskConfig', () => {
  it('applies the extension defaults', () => {
    assert.deepEqual(readDurableTaskConfig({}), {
      hubName: 'TestHubName',
      maxConcurrentActivityFunctions: 10 * os.availableParallelism(),
      overridableExistingInstanceStates: 'AnyState',
    });
  });

  it('keeps valid settings', () => {
    assert.deepEqual(
      readDurableTaskConfig({
        hubName: 'OrdersHub',
        maxConcurrentActivityFunctions: 4,
        overridableExistingInstanceStates: 'NonRunningStates',
      }),
      {
        hubName: 'OrdersHub',
        maxConcurrentActivityFunctions: 4,
        overridableExistingInstanceStates: 'NonRunningStates',
      },
    );
  });

  it('names the offending setting', () => {
    assert.throws(
      () => readDurableTaskConfig({ maxConcurrentActivityFunctions: 0 }),
      new DurableEngineError(
        'ERR_DURABLE_CONFIG',
        'host.json extensions.durableTask.maxConcurrentActivityFunctions must be a positive integer; got 0.',
      ),
    );
    assert.throws(() => readDurableTaskConfig({ hubName: 'my-hub' }), {
      code: 'ERR_DURABLE_CONFIG',
      message:
        'host.json extensions.durableTask.hubName must be 3–45 letters and digits, starting with a letter; got "my-hub".',
    });
  });
});
