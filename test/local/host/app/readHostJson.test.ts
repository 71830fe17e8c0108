import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { readHostJson } from '../../../../local/host/app/readHostJson.js';
import { readLocalSettings } from '../../../../local/host/app/readLocalSettings.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'host-json-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('readHostJson', () => {
  it('defaults the route prefix to "api" without host.json', async () => {
    assert.deepEqual(await readHostJson(dir), {
      routePrefix: 'api',
      durableTask: {},
      logLevel: {},
      storageExtensions: { queues: {}, blobs: {} },
    });
  });

  it('applies AzureFunctionsJobHost__* settings over host.json, matching keys in any case', async () => {
    await writeFile(
      path.join(dir, 'host.json'),
      '{ "extensions": { "durableTask": { "hubName": "FileHub" } }, "logging": { "logLevel": { "default": "Information" } } }',
    );
    assert.deepEqual(
      await readHostJson(dir, {
        AzureFunctionsJobHost__extensions__durableTask__HUBNAME: 'EnvHub',
        AzureFunctionsJobHost__extensions__http__routePrefix: 'v2',
        'AzureFunctionsJobHost__logging__logLevel__Function.sync': 'Debug',
        AzureFunctionsJobHost__extensions__queues__maxDequeueCount: '3',
        OTHER: 'ignored',
      }),
      {
        routePrefix: 'v2',
        durableTask: { hubName: 'EnvHub' },
        logLevel: { default: 'Information', 'Function.sync': 'Debug' },
        storageExtensions: { queues: { maxDequeueCount: '3' }, blobs: {} },
      },
    );
  });

  it('reads routePrefix (trimming slashes, "" allowed), durableTask, logging.logLevel and the storage extensions', async () => {
    await writeFile(
      path.join(dir, 'host.json'),
      '\uFEFF{ "logging": { "logLevel": { "Function": "Warning" } }, "extensions": { "http": { "routePrefix": "/v1/" }, "durableTask": { "hubName": "Hub" }, "blobs": { "poisonBlobThreshold": 2 } } }',
    );
    assert.deepEqual(await readHostJson(dir), {
      routePrefix: 'v1',
      durableTask: { hubName: 'Hub' },
      logLevel: { Function: 'Warning' },
      storageExtensions: { queues: {}, blobs: { poisonBlobThreshold: 2 } },
    });
    await writeFile(
      path.join(dir, 'host.json'),
      '{ "extensions": { "http": { "routePrefix": "" } } }',
    );
    assert.equal((await readHostJson(dir)).routePrefix, '');
  });

  it('names the file when it is not JSON', async () => {
    await writeFile(path.join(dir, 'host.json'), '{ nope');
    await assert.rejects(readHostJson(dir), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'ERR_HOST_APP_LOAD');
      assert.ok(error.message.startsWith(`${path.join(dir, 'host.json')} is not valid JSON: `));
      return true;
    });
  });
});

describe('readLocalSettings', () => {
  it('returns Values and ConnectionStrings as strings and Host.LocalHttpPort, empty without the file', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'settings-'));
    try {
      assert.deepEqual(await readLocalSettings(empty), {
        values: {},
        connectionStrings: {},
        localHttpPort: undefined,
      });
      await writeFile(
        path.join(empty, 'local.settings.json'),
        JSON.stringify({
          IsEncrypted: false,
          Values: { A: 'x', PORT: 7071, ON: true },
          ConnectionStrings: {
            Sql: 'Server=x',
            Typed: { ConnectionString: 'y', ProviderName: 'p' },
          },
          Host: { LocalHttpPort: 7075, CORS: '*' },
        }),
      );
      assert.deepEqual(await readLocalSettings(empty), {
        values: { A: 'x', PORT: '7071', ON: 'true' },
        connectionStrings: { Sql: 'Server=x', Typed: 'y' },
        localHttpPort: 7075,
      });
      await writeFile(
        path.join(empty, 'local.settings.json'),
        JSON.stringify({ Host: { LocalHttpPort: '7075' } }),
      );
      await assert.rejects(readLocalSettings(empty), {
        code: 'ERR_HOST_APP_LOAD',
        message: `${path.join(empty, 'local.settings.json')}: Host.LocalHttpPort must be an integer from 0 to 65535, got "7075".`,
      });
      await writeFile(
        path.join(empty, 'local.settings.json'),
        JSON.stringify({ Values: { BAD: {} } }),
      );
      await assert.rejects(readLocalSettings(empty), {
        code: 'ERR_HOST_APP_LOAD',
        message: `${path.join(empty, 'local.settings.json')}: Values.BAD must be a string, number or boolean.`,
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
