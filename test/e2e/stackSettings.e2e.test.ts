/**
 * `npm start` reads each app's local.settings.json (else its sample) as Core Tools would: an
 * edited client file with a bad ORDERS_API_SCOPE stops the client at startup, and the stack
 * says so in one line. The settings come from a copy (--settings-dir), never the repo's files.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { REPO_ROOT } from '../support/repoRoot.js';
import { spawnStack, waitForPortsFree, printedPorts } from './support/stackProcess.js';

describe('npm start: local.settings.json (end to end)', () => {
  it('an edited client local.settings.json with a bad ORDERS_API_SCOPE stops the client, named in one line', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'orders-settings-'));
    try {
      const settingsDir = path.join(work, 'settings');
      for (const app of ['client-app', 'server-app']) {
        mkdirSync(path.join(settingsDir, app), { recursive: true });
        copyFileSync(
          path.join(REPO_ROOT, app, 'local.settings.sample.json'),
          path.join(settingsDir, app, 'local.settings.sample.json'),
        );
      }
      const sample = JSON.parse(
        readFileSync(path.join(settingsDir, 'client-app', 'local.settings.sample.json'), 'utf8'),
      ) as { Values: Record<string, string> };
      sample.Values['ORDERS_API_SCOPE'] = 'api://27991dac-f89f-4062-8147-2c3296fcdd42';
      writeFileSync(
        path.join(settingsDir, 'client-app', 'local.settings.json'),
        JSON.stringify(sample, null, 2),
      );

      const stack = spawnStack(path.join(work, 'data'), ['--once', '--settings-dir', settingsDir]);
      const code = await stack.exited;
      const output = stack.output();
      assert.equal(code, 1, output);
      assert.match(
        output,
        /^ {2}server settings: server-app\/local\.settings\.sample\.json; the stack's own endpoints replace .*AzureWebJobsStorage/m,
      );
      assert.match(
        output,
        /^ {2}client settings: client-app\/local\.settings\.json; the stack's own endpoints replace .*ORDERS_API_BASE_URL/m,
      );
      const failures = output.split('\n').filter((line) => line.startsWith('✗'));
      assert.equal(failures.length, 1, output);
      assert.match(failures[0] ?? '', /^✗ the client app did not start .*ORDERS_API_SCOPE/);
      assert.doesNotMatch(output, /✓ Client app/);
      await waitForPortsFree(printedPorts(output));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
