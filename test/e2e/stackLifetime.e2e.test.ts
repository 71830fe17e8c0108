/**
 * The stack's lifetime, through `npm start` itself (its script, as a child process): a second
 * stack on a data directory in use refuses and the first keeps its data; every later run is
 * reported on the console; `kill -9` of the stack leaves no process holding its ports; SIGINT
 * during startup stops what has started.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient } from '@azure/storage-blob';

import { AZURITE_ACCOUNT, AZURITE_ACCOUNT_KEY } from '../../local/azurite/devAccount.js';
import {
  printedPorts,
  spawnStack,
  waitForPortsFree,
  type StackProcess,
} from './support/stackProcess.js';

const KEEPS_RUNNING = /The stack keeps running; Ctrl-C stops it\./;

describe('npm start: lifetime (end to end)', () => {
  let dataDir: string;
  let first: StackProcess;
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'orders-lifetime-'));
    first = spawnStack(dataDir);
    await first.waitFor(KEEPS_RUNNING);
  });
  after(() => {
    if (first.child.exitCode === null && first.child.signalCode === null)
      first.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a second stack on the same data dir refuses with the fix, and the first keeps its data', async () => {
    const runId = /Sync (\S+): completed/.exec(first.output())?.[1];
    assert.ok(runId, first.output());
    const second = spawnStack(dataDir, ['--once']);
    const code = await second.exited;
    assert.equal(code, 1, second.output());
    assert.match(
      second.output(),
      new RegExp(
        `✗ the data directory .+ is in use by another npm start \\(pid ${first.child.pid}\\)\\. Fix: stop that one .+--data-dir <folder>\\.`,
      ),
    );
    assert.doesNotMatch(second.output(), /✓ Azurite/);

    const blobPort = /✓ Azurite +http:\/\/127\.0\.0\.1:(\d+)/.exec(first.output())?.[1];
    const container = BlobServiceClient.fromConnectionString(
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_ACCOUNT_KEY};` +
        `BlobEndpoint=http://127.0.0.1:${blobPort}/${AZURITE_ACCOUNT};`,
    ).getContainerClient('orders-sync');
    const blobs: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix: `runs/${runId}/` })) {
      blobs.push(blob.name);
    }
    assert.equal(blobs.filter((name) => name.includes('/partitions/')).length, 6, blobs.join());
  });

  it('reports a run started by POST /api/sync after the first sync', async () => {
    const clientUrl = /✓ Client app +(http:\/\/127\.0\.0\.1:\d+)\/api\/sync/.exec(
      first.output(),
    )?.[1];
    const offset = first.output().length;
    const response = await fetch(`${clientUrl}/api/sync`, { method: 'POST' });
    await response.body?.cancel();
    assert.equal(response.status, 202);
    await first.waitFor(/A sync run started by POST \/api\/sync…/, offset);
    const later = () => first.output().slice(offset);
    await first.waitFor(
      /Sync \S+: completed in \d+\.\d s, mode incremental[\s\S]*report: npm run runs -- /,
      offset,
    );
    assert.match(later(), /… partitions \d+\/6 done, \d+ orders so far, 0 failed/);
    assert.match(later(), /^ {2}total +6\/6 +\d+ +\d+$/m);
  });

  it('kill -9 of the stack leaves no process holding its ports', async () => {
    const ports = printedPorts(first.output());
    assert.equal(ports.length, 4, first.output());
    first.child.kill('SIGKILL');
    await first.exited;
    await waitForPortsFree(ports);
  });
});

describe('npm start: SIGINT during startup (end to end)', () => {
  it('stops what has started', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'orders-sigint-'));
    const stack = spawnStack(dataDir, ['--once']);
    try {
      await stack.waitFor(/✓ Server app/);
      stack.child.kill('SIGINT');
      const code = await stack.exited;
      assert.equal(code, 0, stack.output());
      assert.doesNotMatch(stack.output(), /✗/);
      await waitForPortsFree(printedPorts(stack.output()));
    } finally {
      if (stack.child.exitCode === null && stack.child.signalCode === null) {
        stack.child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
