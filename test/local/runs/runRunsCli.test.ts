import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

import { createSyncArchive } from '../../../client-app/sync/createSyncArchive.js';
import type { SyncSummary } from '../../../client-app/sync/syncTypes.js';
import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import { runRunsCli } from '../../../local/runs/runRunsCli.js';

const summary = (runId: string, orders: number): SyncSummary => ({
  runId,
  status: 'completed',
  trigger: 'timer',
  mode: 'incremental',
  startedAt: '2026-12-02T06:00:00.000Z',
  finishedAt: '2026-12-02T06:00:02.500Z',
  partitions: [
    {
      name: 'emea',
      status: 'synced',
      mode: 'incremental',
      orders,
      pages: 1,
      chunks: 1,
      attempts: 1,
      watermarkBefore: '2026-12-02T05:00:00.000Z',
      watermarkAfter: '2026-12-02T06:00:00.000Z',
      blobPath: `runs/${runId}/partitions/emea.ndjson`,
    },
  ],
  totals: { partitions: 1, synced: 1, failed: 0, orders, pages: 1 },
});

describe('npm run runs (Azurite)', () => {
  let azurite: RunningAzurite;
  let container: ContainerClient;
  before(async () => {
    azurite = await startAzurite();
    container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      'orders-sync',
    );
    const archive = createSyncArchive(container);
    for (const [runId, orders] of [
      ['20261201T060000Z-aaaaaaaa', 1],
      ['20261202T060000Z-bbbbbbbb', 2],
    ] as const) {
      const lines = Array.from({ length: orders }, (_, i) => `{"id":"o${i}","partition":"emea"}\n`);
      await archive.stageBlock(runId, 'emea', 0, Buffer.from(lines.join('')));
      await archive.commitPartition(runId, 'emea', 1, { orders, mode: 'incremental' });
      await archive.writeReport(summary(runId, orders));
    }
  });
  after(() => azurite.stop());

  async function run(...argv: string[]) {
    const lines: string[] = [];
    const code = await runRunsCli({
      argv,
      openContainer: ({ container: name }) =>
        BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(name),
      write: (line) => lines.push(...line.split('\n')),
    });
    return { code, lines };
  }

  it('lists runs newest first with status, mode, partitions and orders', async () => {
    const { code, lines } = await run();
    assert.equal(code, 0);
    assert.match(lines[0] ?? '', /newest first/);
    assert.match(
      lines[1] ?? '',
      /^ {2}20261202T060000Z-bbbbbbbb +completed +incremental +1\/1 partitions +2 orders$/,
    );
    assert.match(lines[2] ?? '', /^ {2}20261201T060000Z-aaaaaaaa .* 1 orders$/);
  });

  it('prints a run report (and "latest") as the summary npm start prints', async () => {
    const latest = await run('latest');
    assert.equal(latest.code, 0);
    assert.equal(
      latest.lines[0],
      'Sync 20261202T060000Z-bbbbbbbb: completed in 2.5 s, mode incremental',
    );
    assert.ok(latest.lines.some((line) => /^ {2}total +1\/1 +2 +1$/.test(line)));
    const byId = await run('20261201T060000Z-aaaaaaaa');
    assert.match(byId.lines[0] ?? '', /^Sync 20261201T060000Z-aaaaaaaa: completed/);
  });

  it("prints a partition's orders, one JSON object a line", async () => {
    const { code, lines } = await run('latest', 'emea');
    assert.equal(code, 0);
    assert.deepEqual(lines, ['{"id":"o0","partition":"emea"}', '{"id":"o1","partition":"emea"}']);
  });

  it('says what is missing, with exit 1, and refuses bad arguments with the usage, exit 2', async () => {
    const missing = await run('20990101T000000Z-cccccccc');
    assert.equal(missing.code, 1);
    assert.match(missing.lines[0] ?? '', /No report for run 20990101T000000Z-cccccccc/);
    const noBlob = await run('latest', 'apac');
    assert.equal(noBlob.code, 1);
    assert.match(noBlob.lines[0] ?? '', /wrote no blob for partition apac/);
    const bad = await run('latest', 'EMEA');
    assert.equal(bad.code, 2);
    assert.match(bad.lines[0] ?? '', /"EMEA" is not a partition name/);
    assert.match(bad.lines[1] ?? '', /^Usage: npm run runs/);
  });

  it('names an unreachable storage and the fix', async () => {
    const lines: string[] = [];
    const code = await runRunsCli({
      argv: [],
      openContainer: () =>
        BlobServiceClient.fromConnectionString(
          azurite.connectionString.replace(
            /BlobEndpoint=[^;]+/,
            'BlobEndpoint=http://127.0.0.1:9/devstoreaccount1',
          ),
          { retryOptions: { maxTries: 1 } },
        ).getContainerClient('orders-sync'),
      write: (line) => lines.push(line),
    });
    assert.equal(code, 1);
    assert.match(
      lines[0] ?? '',
      /^Cannot reach blob storage at http:\/\/127\.0\.0\.1:9\/.*Fix: start the stack \(npm start\)/,
    );
  });
});
