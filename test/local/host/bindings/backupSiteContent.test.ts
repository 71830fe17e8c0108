/**
 * The official `backupSiteContent` sample of azure-functions-durable-js (samples-js and
 * samples-ts, copied unmodified into test/fixtures/durable/backup-site-content-{js,ts}) runs on
 * the local host against Azurite: its activity's blob output (`backups/{backupPath}`, from the
 * activity's input, connection `StorageConnString`) writes every file of the folder it is given.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { BlobServiceClient } from '@azure/storage-blob';

import { startAzurite, type RunningAzurite } from '../../../../local/azurite/startAzurite.js';
import type { LocalDurableEngine } from '../../../../local/host/durable/createDurableEngine.js';
import { startHost } from '../../../../local/host/startHost.js';
import { REPO_ROOT } from '../../../support/repoRoot.js';
import { captureLog } from '../captureLog.js';

const sampleDir = (variant: string) =>
  path.join(REPO_ROOT, 'test', 'fixtures', 'durable', `backup-site-content-${variant}`);

describe('the official backupSiteContent sample on Azurite', () => {
  let azurite: RunningAzurite;
  let siteDir: string;

  before(async () => {
    // The TypeScript sample is built as its own package.json says (tsc, its own tsconfig.json).
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', sampleDir('ts')]);
    azurite = await startAzurite();
    siteDir = await mkdtemp(path.join(tmpdir(), 'backup-site-'));
  });
  after(async () => {
    await azurite?.stop();
    await rm(siteDir, { recursive: true, force: true });
  });

  for (const variant of ['js', 'ts']) {
    it(`(${variant}) copies every file of the folder to backups/{backupPath} and returns the total bytes`, async () => {
      const root = path.join(siteDir, variant);
      const files: Record<string, Buffer> = {
        [`index-${variant}.html`]: Buffer.from('<h1>home</h1>'),
        [`css/site-${variant}.css`]: Buffer.from('body { margin: 0 }'),
        [`img/deep/logo-${variant}.bin`]: Buffer.from([0, 1, 2, 253, 254, 255]),
      };
      for (const [name, content] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(root, name)), { recursive: true });
        await writeFile(path.join(root, name), content);
      }
      const captured = captureLog();
      const host = await startHost({
        appDir: sampleDir(variant),
        port: 0,
        env: {
          AzureWebJobsStorage: azurite.connectionString,
          StorageConnString: azurite.connectionString,
        },
        log: captured.log,
      });
      try {
        const started = await fetch(`${host.url}/api/orchestrators/backupSiteContent`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(root),
        });
        assert.equal(started.status, 202);
        const { id, statusQueryGetUri } = (await started.json()) as {
          id: string;
          statusQueryGetUri: string;
        };
        await (host.durableEngine as LocalDurableEngine).waitForCompletion(id);
        const status = (await (await fetch(statusQueryGetUri)).json()) as {
          runtimeStatus: string;
          output: unknown;
        };
        const totalBytes = Object.values(files).reduce((sum, content) => sum + content.length, 0);
        assert.deepEqual([status.runtimeStatus, status.output], ['Completed', totalBytes]);

        const backups = BlobServiceClient.fromConnectionString(
          azurite.connectionString,
        ).getContainerClient('backups');
        const written: Record<string, Buffer> = {};
        for await (const item of backups.listBlobsFlat()) {
          if (!item.name.includes(`-${variant}.`)) continue;
          written[item.name] = await backups.getBlobClient(item.name).downloadToBuffer();
        }
        assert.deepEqual(written, files);
      } finally {
        await host.stop();
      }
    });
  }
});
