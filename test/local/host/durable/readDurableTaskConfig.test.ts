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
      storageProvider: { type: 'AzureStorage', connectionName: 'AzureWebJobsStorage' },
    });
  });

  it('resolves %Setting% in the hub name and connection names, and numbers written as text', () => {
    const settings = { TASKHUB_NAME: 'default', STORAGE_SETTING: 'MyStorage' };
    assert.deepEqual(
      readDurableTaskConfig(
        {
          hubName: '%TASKHUB_NAME%',
          maxConcurrentActivityFunctions: '3',
          storageProvider: { type: 'azureStorage', connectionName: '%STORAGE_SETTING%' },
        },
        settings,
      ),
      {
        hubName: 'default',
        maxConcurrentActivityFunctions: 3,
        overridableExistingInstanceStates: 'AnyState',
        storageProvider: { type: 'AzureStorage', connectionName: 'MyStorage' },
      },
    );
    assert.throws(() => readDurableTaskConfig({ hubName: '%TASKHUB_NAME%' }, {}), {
      code: 'ERR_HOST_MISSING_SETTING',
      message:
        'host.json extensions.durableTask.hubName refers to app setting "%TASKHUB_NAME%", which is not set (add it to local.settings.json Values or the environment).',
    });
  });

  it('knows the providers it does not implement, with their connection names', () => {
    assert.deepEqual(
      readDurableTaskConfig({
        storageProvider: { type: 'azureManaged', connectionStringName: 'DTS_CONNECTION' },
      }).storageProvider,
      { type: 'azureManaged', connectionName: 'DTS_CONNECTION' },
    );
    assert.deepEqual(
      readDurableTaskConfig({ storageProvider: { type: 'Netherite' } }).storageProvider,
      { type: 'netherite', connectionName: undefined },
    );
    assert.throws(() => readDurableTaskConfig({ storageProvider: { type: 'cosmos' } }), {
      code: 'ERR_DURABLE_CONFIG',
      message:
        'host.json extensions.durableTask.storageProvider.type must be one of "AzureStorage", "azureManaged", "netherite", "mssql"; got "cosmos".',
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
        storageProvider: { type: 'AzureStorage', connectionName: 'AzureWebJobsStorage' },
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
