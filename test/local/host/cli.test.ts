import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { startHostProcess } from '../../support/startHostProcess.js';
import { fixtureAppDir } from './fixtureAppDir.js';

describe('cli', () => {
  it('serves the app, lists its functions and stops on SIGTERM after appTerminate hooks', async () => {
    const tempDir = await mkdtemp(path.join(tmpdir(), 'local-host-cli-'));
    try {
      const hookLog = path.join(tempDir, 'hooks.log');
      const host = await startHostProcess({
        appDir: fixtureAppDir('http-app'),
        env: { HOOK_LOG: hookLog },
      });
      assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(host.logs.includes(`\tgetProduct: [GET] ${host.url}/api/products/{id:int}`));
      const response = await fetch(`${host.url}/api/products/12`);
      assert.deepEqual(await response.json(), { by: 'id', id: 12 });

      assert.equal(await host.stop(), 0);
      assert.ok(host.logs.includes('Received SIGTERM; stopping the host.'));
      assert.equal(await readFile(hookLog, 'utf8'), 'appStart\nappTerminate appStart\n');
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  });

  it('starts an app with unsupported bindings, printing why each of those functions is disabled', async () => {
    const host = await startHostProcess({ appDir: fixtureAppDir('unsupported-app') });
    try {
      const errors = host.logs.filter((line) => line.includes('function is in error'));
      assert.deepEqual(
        errors.map(
          (line) => /^(?:stderr: )?(The '\w+' function is in error: [^.:]+)/.exec(line)?.[1],
        ),
        [
          "The 'busWorker' function is in error: The binding type(s) 'serviceBusTrigger' are not supported by the local host (it serves httpTrigger, http, timerTrigger, orchestrationTrigger, activityTrigger, durableClient, blob, blobTrigger, queue, queueTrigger, table)",
          "The 'saveOrder' function is in error: The binding type(s) 'cosmosDB' are not supported by the local host (it serves httpTrigger, http, timerTrigger, orchestrationTrigger, activityTrigger, durableClient, blob, blobTrigger, queue, queueTrigger, table)",
          "The 'queueWorker' function is in error: The queueTrigger binding",
        ],
      );
      const list = host.logs.indexOf('Functions:');
      assert.deepEqual(host.logs.slice(list, list + 3), [
        'Functions:',
        '',
        `\tfine: [GET] ${host.url}/api/fine`,
      ]);
      assert.equal(await (await fetch(`${host.url}/api/fine`)).text(), 'ok');
    } finally {
      assert.equal(await host.stop(), 0);
    }
  });

  it('prints one error line and exits with code 1 when the app cannot start', async () => {
    await assert.rejects(
      startHostProcess({ appDir: fixtureAppDir('broken-app') }),
      (error: Error) => {
        assert.match(
          error.message,
          /The host exited \(code 1, signal null\)\. Output:\nstderr: Error: Failed to load entry file "index\.js": cannot find config file \.\/missing\.json$/,
        );
        return true;
      },
    );
  });
});
