/**
 * The blob trigger's receipts make a blob fire once even when two hosts share the storage (a
 * scaled-out app, or two `npm run host` on one Azurite): whichever takes the receipt's lease runs
 * it, the other sees the completed receipt.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient } from '@azure/storage-blob';

import { startAzurite, type RunningAzurite } from '../../../../local/azurite/startAzurite.js';
import type { HostLog } from '../../../../local/host/contracts.js';
import { startHost, type RunningHost } from '../../../../local/host/startHost.js';
import { fixtureAppDir } from '../fixtureAppDir.js';

describe('the blob trigger on two hosts sharing one storage account', () => {
  let azurite: RunningAzurite;
  const hosts: RunningHost[] = [];
  const fired: string[] = [];
  let waiter: { count: number; resolve: () => void } | undefined;
  const log: HostLog = (_level, message) => {
    const match = /onUpload fired for (\S+)/.exec(message);
    if (!match?.[1]) return;
    fired.push(match[1]);
    if (waiter && fired.length >= waiter.count) waiter.resolve();
  };
  const firedCount = (count: number) =>
    fired.length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => (waiter = { count, resolve }));

  before(async () => {
    azurite = await startAzurite();
    for (let i = 0; i < 2; i++) {
      hosts.push(
        await startHost({
          appDir: fixtureAppDir('storage-bindings-app'),
          port: 0,
          env: {
            AzureWebJobsStorage: azurite.connectionString,
            StorageConn: azurite.connectionString,
          },
          log,
        }),
      );
    }
  });
  after(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
    await azurite.stop();
  });

  it('fires once per blob across both hosts', async () => {
    const uploads = BlobServiceClient.fromConnectionString(
      azurite.connectionString,
    ).getContainerClient('uploads');
    await uploads.createIfNotExists();
    const names = Array.from({ length: 12 }, (_, i) => `n${i}`);
    await Promise.all(
      names.map((name) => uploads.getBlockBlobClient(`${name}.txt`).uploadData(Buffer.from(name))),
    );
    await firedCount(names.length);
    // Later blobs are found by later scans, which list the first twelve again: none refires.
    await uploads.getBlockBlobClient('last.txt').uploadData(Buffer.from('last'));
    await firedCount(names.length + 1);
    await uploads.getBlockBlobClient('after.txt').uploadData(Buffer.from('after'));
    await firedCount(names.length + 2);
    assert.deepEqual([...fired].sort(), [...names, 'after', 'last'].sort());
  });
});
