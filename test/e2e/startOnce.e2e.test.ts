/**
 * The front door: `npm start -- --once` (its script, as a child process) brings up the whole
 * stack, syncs every seeded partition, prints the summary and exits 0. The printed figures are
 * checked against the store and the written blobs, read afterwards from the same Azurite data.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient } from '@azure/storage-blob';

import { startAzurite, type RunningAzurite } from '../../local/azurite/startAzurite.js';
import { createOrdersStore } from '../../server-app/orders/OrdersStore.js';
import { createTableClient } from '../../shared/storage/createTableClient.js';
import { readStorageConnection } from '../../shared/storage/storageConnection.js';
import { runRunsCli } from '../../local/runs/runRunsCli.js';
import { REPO_ROOT } from '../support/repoRoot.js';

interface StackRun {
  readonly code: number | null;
  readonly output: string;
}

function runStackOnce(dataDir: string, clientPort = 0, extra: string[] = []): Promise<StackRun> {
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'dist/local/stack/start.js'),
      '--once',
      ...extra,
      ...['--client-port', String(clientPort), '--server-port', '0', '--identity-port', '0'],
      ...['--mi-port', '0', '--azurite-port', '0', '--data-dir', dataDir],
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('npm start -- --once (end to end)', () => {
  let dataDir: string;
  let run: StackRun;
  let azurite: RunningAzurite | undefined;
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'orders-stack-'));
    run = await runStackOnce(dataDir);
  });
  after(async () => {
    await azurite?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 after syncing every partition, printing progress and a summary', () => {
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /✓ Azurite/);
    assert.match(run.output, /✓ Identity/);
    assert.match(run.output, /Seeded \d+ orders in 6 partitions/);
    assert.match(run.output, /✓ Server app +http:\/\/127\.0\.0\.1:\d+\/api\/orders/);
    assert.match(run.output, /✓ Client app +http:\/\/127\.0\.0\.1:\d+\/api\/sync/);
    assert.match(run.output, /… partitions \d+\/6 done, \d+ orders so far, 0 failed/);
    assert.match(run.output, /Sync \S+: completed in \d+\.\d s/);
    assert.match(run.output, /Stopping…/);
  });

  it('prints per-partition counts and totals that match the store and the written blobs', async () => {
    azurite = await startAzurite({ location: dataDir });
    const store = createOrdersStore(
      createTableClient(
        readStorageConnection('ORDERS_STORAGE', { ORDERS_STORAGE: azurite.connectionString }),
        'orders',
      ),
    );
    const stored = new Map<string, number>();
    for (const { name } of await store.listPartitions()) {
      let count = 0;
      let continuationToken: string | null = null;
      do {
        const page = await store.listPage({ partition: name, top: 1000, continuationToken });
        count += page.items.length;
        continuationToken = page.continuationToken;
      } while (continuationToken);
      stored.set(name, count);
    }
    assert.equal(stored.size, 6);

    const printed = new Map<string, number>();
    // A first start reads every partition in full (none was synced before).
    for (const match of run.output.matchAll(
      /^ {2}([a-z0-9-]+) +synced +full +(\d+) +\d+ +\d+ +\S+$/gm,
    )) {
      printed.set(match[1] as string, Number(match[2]));
    }
    assert.deepEqual(printed, stored);
    const total = [...stored.values()].reduce((a, b) => a + b, 0);
    assert.match(run.output, new RegExp(`^ {2}total +6/6 +${total} +\\d+$`, 'm'));

    const runId = /Sync (\S+): completed/.exec(run.output)?.[1];
    assert.ok(runId);
    const container = BlobServiceClient.fromConnectionString(
      azurite.connectionString,
    ).getContainerClient('orders-sync');
    const written = new Map<string, number>();
    for await (const blob of container.listBlobsFlat({ prefix: `runs/${runId}/partitions/` })) {
      const text = (await container.getBlockBlobClient(blob.name).downloadToBuffer()).toString();
      written.set(path.basename(blob.name, '.ndjson'), text.split('\n').filter(Boolean).length);
    }
    assert.deepEqual(written, stored);
    // Azurite answers a browser 403: the summary names the command that reads the run instead.
    assert.match(
      run.output,
      new RegExp(
        `report: npm run runs -- ${runId} --blob-endpoint http://127\\.0\\.0\\.1:\\d+/devstoreaccount1$`,
        'm',
      ),
    );
    assert.match(
      run.output,
      new RegExp(`orders: npm run runs -- ${runId} <partition> --blob-endpoint`),
    );
    const runsOutput: string[] = [];
    const code = await runRunsCli({
      argv: [runId, 'emea'],
      openContainer: () => container,
      write: (line) => runsOutput.push(line),
    });
    assert.equal(code, 0);
    assert.equal(
      runsOutput.length,
      stored.get('emea'),
      'npm run runs prints the blob, a line an order',
    );
    assert.match(run.output, /mode incremental/);
    assert.match(run.output, /read in full: .+ \(first sync of this partition\)/);
    await azurite.stop();
    azurite = undefined;
  });

  it('a later start on the same data dir runs incrementally; --full reads everything again', async () => {
    const again = await runStackOnce(dataDir);
    assert.equal(again.code, 0, again.output);
    assert.match(again.output, /already holds 6 partitions; nothing seeded/);
    assert.match(again.output, /Sync \S+: completed in \d+\.\d s, mode incremental/);
    const rows = [...again.output.matchAll(/^ {2}([a-z0-9-]+) +synced +(\S+) +(\d+) /gm)];
    assert.equal(rows.length, 6);
    assert.ok(
      rows.every((row) => row[2] === 'incremental' && row[3] === '0'),
      'nothing changed, so nothing is fetched',
    );
    assert.match(again.output, /^ {2}total +6\/6 +0 +6$/m);

    const full = await runStackOnce(dataDir, 0, ['--full']);
    assert.equal(full.code, 0, full.output);
    assert.match(full.output, /Running one full sync/);
    assert.match(full.output, /Sync \S+: completed in \d+\.\d s, mode full/);
    const firstTotal = /^ {2}total +6\/6 +(\d+) /m.exec(run.output)?.[1];
    assert.match(full.output, new RegExp(`^ {2}total +6/6 +${firstTotal} +\\d+$`, 'm'));
  });

  it('names a port already in use and its fix in one line, without a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const refused = await runStackOnce(dataDir, port);
      assert.equal(refused.code, 1);
      // stdout and stderr are two pipes: their lines interleave in either order.
      const lines = refused.output.trim().split('\n');
      assert.deepEqual(
        lines.slice(1).sort(),
        [
          `✗ port ${port} for the client app is already in use. Fix: stop whatever uses it (another npm start, func start or Azurite?) or set --client-port to a free port.`,
          'Stopping…',
        ].sort(),
      );
      assert.doesNotMatch(refused.output, /\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('keeps running after the first sync until Ctrl-C, then stops every part', async () => {
    const ownDataDir = mkdtempSync(path.join(tmpdir(), 'orders-stack-'));
    after(() => rmSync(ownDataDir, { recursive: true, force: true }));
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'dist/local/stack/start.js'),
        ...['--client-port', '0', '--server-port', '0', '--identity-port', '0'],
        ...['--mi-port', '0', '--azurite-port', '0', '--data-dir', ownDataDir],
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const running = await Promise.race([
      new Promise<boolean>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('the timer runs on ORDERS_SYNC_SCHEDULE')) resolve(true);
        }),
      ),
      exited.then(() => false),
    ]);
    // Whatever an assertion below says, the stack must not outlive the test.
    after(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    assert.ok(running, `the stack stopped by itself:\n${output}`);
    const health = /Orders API: +\S+ \(needs a token\), (\S+\/api\/health)/.exec(output)?.[1];
    const sync = /start a sync: +curl -i -X POST (\S+)/.exec(output)?.[1];
    assert.ok(health && sync, output);
    assert.equal((await fetch(health)).status, 200);
    const started = await fetch(sync, { method: 'POST' });
    assert.equal(started.status, 202, 'POST /api/sync works while the stack runs');

    child.kill('SIGINT');
    assert.equal(await exited, 0);
    await assert.rejects(fetch(health), 'the server app is gone');
    await assert.rejects(fetch(sync, { method: 'POST' }), 'the client app is gone');
  });
});
