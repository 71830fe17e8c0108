/**
 * Every storage binding kind the local host serves, against Azurite, through a user's app
 * (test/fixtures/apps/storage-bindings-app): blob input/output, queue output and trigger (with
 * the poison queue), table input/output, and the polling blob trigger with its receipts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient } from '@azure/storage-blob';
import { QueueServiceClient } from '@azure/storage-queue';

import { startAzurite, type RunningAzurite } from '../../../../local/azurite/startAzurite.js';
import type { HostLog } from '../../../../local/host/contracts.js';
import type { LocalDurableEngine } from '../../../../local/host/durable/createDurableEngine.js';
import { startHost, type RunningHost } from '../../../../local/host/startHost.js';
import { captureLog, type CapturedLog } from '../captureLog.js';
import { fixtureAppDir } from '../fixtureAppDir.js';

describe('storage bindings on Azurite', () => {
  let azurite: RunningAzurite;
  let host: RunningHost;
  let captured: CapturedLog;
  let blobs: BlobServiceClient;
  let queues: QueueServiceClient;

  const start = async () => {
    captured = captureLog();
    host = await startHost({
      appDir: fixtureAppDir('storage-bindings-app'),
      port: 0,
      env: { AzureWebJobsStorage: azurite.connectionString, StorageConn: azurite.connectionString },
      log,
    });
  };
  let waiters: { pattern: RegExp; count: number; resolve: () => void }[] = [];
  const matching = (pattern: RegExp) => captured.lines.filter((line) => pattern.test(line));
  /** Resolves once `count` lines match (event-driven: the host's own log). */
  const linesMatching = (pattern: RegExp, count: number): Promise<void> =>
    matching(pattern).length >= count
      ? Promise.resolve()
      : new Promise((resolve) => waiters.push({ pattern, count, resolve }));
  const log: HostLog = (level, message) => {
    captured.log(level, message);
    waiters = waiters.filter((w) =>
      matching(w.pattern).length >= w.count ? (w.resolve(), false) : true,
    );
  };

  before(async () => {
    azurite = await startAzurite();
    blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
    queues = QueueServiceClient.fromConnectionString(azurite.connectionString);
    await start();
  });
  after(async () => {
    await host.stop();
    await azurite.stop();
  });

  it('serves every function of the app', () => {
    assert.deepEqual(host.functions.map((fn) => fn.name).sort(), [
      'addRow',
      'copyBlob',
      'doomed',
      'enqueue',
      'listProcessed',
      'lookup',
      'onBadUpload',
      'onUpload',
      'readNote',
      'readNotes',
      'relay',
      'startReadNotes',
      'work',
    ]);
    assert.deepEqual(host.disabledFunctions, []);
  });

  it('reads a blob input and writes a blob output at paths from the route', async () => {
    const inbox = blobs.getContainerClient('inbox');
    await inbox.createIfNotExists();
    await inbox.getBlockBlobClient('hello.txt').uploadData(Buffer.from('hello, blob'));

    const copied = await fetch(`${host.url}/api/copy/hello.txt`, { method: 'POST' });
    assert.equal(copied.status, 200);
    assert.deepEqual(await copied.json(), { isBuffer: true, bytes: 11 });
    const written = await blobs
      .getContainerClient('outbox')
      .getBlobClient('hello.txt')
      .downloadToBuffer();
    assert.equal(written.toString('utf8'), 'HELLO, BLOB');

    const missing = await fetch(`${host.url}/api/copy/absent.txt`, { method: 'POST' });
    assert.equal(missing.status, 404, 'a missing input blob binds as null');
  });

  it("reads an activity's blob input at a path from the activity's input", async () => {
    const notes = blobs.getContainerClient('notes');
    await notes.createIfNotExists();
    await notes.getBlockBlobClient('n1.txt').uploadData(Buffer.from('first note'));
    await notes.getBlockBlobClient('deep/n2.txt').uploadData(Buffer.from('second note'));
    const started = await fetch(`${host.url}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(['n1.txt', 'deep/n2.txt', 'absent.txt']),
    });
    assert.equal(started.status, 202);
    const { id } = (await started.json()) as { id: string };
    const done = await (host.durableEngine as LocalDurableEngine).waitForCompletion(id);
    assert.deepEqual(
      [done.runtimeStatus, JSON.parse(done.output ?? 'null')],
      ['Completed', ['first note', 'second note', null]],
    );
  });

  it('sends queue output messages that a queue trigger turns into table rows, read back by table inputs', async () => {
    const sent = await fetch(`${host.url}/api/enqueue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ orderId: 'o-1' }, { orderId: 'o-2' }]),
    });
    assert.equal(sent.status, 202);
    await linesMatching(/Executed 'Functions\.work' \(Succeeded/, 2);

    const one = await fetch(`${host.url}/api/processed/o-1`);
    assert.equal(one.status, 200);
    const entity = (await one.json()) as Record<string, unknown>;
    assert.deepEqual(
      { ...entity, Timestamp: typeof entity.Timestamp },
      { PartitionKey: 'work', RowKey: 'o-1', Timestamp: 'string', orderId: 'o-1', dequeueCount: 1 },
    );
    assert.equal((await fetch(`${host.url}/api/processed/o-9`)).status, 404);
    const all = (await (await fetch(`${host.url}/api/processed`)).json()) as { RowKey: string }[];
    assert.deepEqual(all.map((e) => e.RowKey).sort(), ['o-1', 'o-2']);
  });

  it('writes a storage output bound to the return value', async () => {
    const relayIn = queues.getQueueClient('relay-in');
    await relayIn.createIfNotExists();
    await relayIn.sendMessage(Buffer.from(JSON.stringify({ n: 7 })).toString('base64'));
    await linesMatching(/Executed 'Functions\.relay' \(Succeeded/, 1);
    const out = await queues.getQueueClient('relay-out').receiveMessages({ numberOfMessages: 32 });
    assert.deepEqual(
      out.receivedMessageItems.map((m) => Buffer.from(m.messageText, 'base64').toString('utf8')),
      ['{"relayed":7}'],
    );
  });

  it('fails the invocation when an output cannot be written (a table output only adds)', async () => {
    assert.equal((await fetch(`${host.url}/api/rows/k1`, { method: 'POST' })).status, 201);
    const again = await fetch(`${host.url}/api/rows/k1`, { method: 'POST' });
    assert.equal(again.status, 500);
    assert.match(
      captured.lines.find((line) => line.includes('Functions.addRow. ')) ?? '',
      /^error: Exception while executing function: Functions\.addRow\. Error: Error while handling parameter 'tableOutput\w+' after function returned: EntityAlreadyExists \(HTTP 409\): The specified entity already exists\.\n/,
    );
  });

  it('moves a message that keeps failing to <queue>-poison after maxDequeueCount (3) deliveries', async () => {
    const doomed = queues.getQueueClient('doomed');
    await doomed.createIfNotExists();
    const text = JSON.stringify({ id: 'm-1' });
    await doomed.sendMessage(Buffer.from(text).toString('base64'));

    await captured.waitFor(/Moving message to queue 'doomed-poison'/);
    assert.deepEqual(
      captured.lines.filter((line) => /doomed dequeueCount=/.test(line)),
      [1, 2, 3].map((n) => `info: [doomed] doomed dequeueCount=${n}`),
    );
    const poisoned = await queues
      .getQueueClient('doomed-poison')
      .receiveMessages({ numberOfMessages: 32 });
    assert.deepEqual(
      poisoned.receivedMessageItems.map((m) =>
        Buffer.from(m.messageText, 'base64').toString('utf8'),
      ),
      [text],
    );
    const left = await doomed.peekMessages({ numberOfMessages: 32 });
    assert.equal(left.peekedMessageItems.length, 0);
  });

  it('fires the blob trigger once per blob matching its path, also across a restart', async () => {
    const uploads = blobs.getContainerClient('uploads');
    await uploads.createIfNotExists();
    const upload = (name: string, text: string) =>
      uploads.getBlockBlobClient(name).uploadData(Buffer.from(text));
    await upload('a.txt', 'alpha');
    await upload('b.txt', 'bravo');
    await upload('c.bin', 'not a .txt: never fires');
    await linesMatching(/onUpload fired for [ab] /, 2);
    // The scan that finds d.txt has listed a.txt and b.txt again: they must not fire again.
    await upload('d.txt', 'delta');
    await captured.waitFor(/onUpload fired for d /);
    const fired = () => captured.lines.filter((line) => /onUpload fired for/.test(line));
    assert.deepEqual(fired().sort(), [
      'info: [onUpload] onUpload fired for a (5 bytes)',
      'info: [onUpload] onUpload fired for b (5 bytes)',
      'info: [onUpload] onUpload fired for d (5 bytes)',
    ]);
    const stamped = await blobs
      .getContainerClient('stamped')
      .getBlobClient('a.out')
      .downloadToBuffer();
    assert.equal(stamped.toString('utf8'), 'stamped:alpha');

    // The receipts live in azure-webjobs-hosts: a new host does not fire for the old blobs.
    await host.stop();
    await start();
    await upload('e.txt', 'echo');
    await captured.waitFor(/onUpload fired for e /);
    assert.deepEqual(fired(), ['info: [onUpload] onUpload fired for e (4 bytes)']);

    const receipts: string[] = [];
    for await (const item of blobs
      .getContainerClient('azure-webjobs-hosts')
      .listBlobsFlat({ prefix: 'blobreceipts/' })) {
      if (item.name.includes('/Host.Functions.onUpload/'))
        receipts.push(item.name.replace(/^.*\/uploads\//, ''));
    }
    assert.deepEqual(receipts.sort(), ['a.txt', 'b.txt', 'd.txt', 'e.txt']);
  });

  it('reports a blob that fails poisonBlobThreshold (2) times on webjobs-blobtrigger-poison and stops running it', async () => {
    const bad = blobs.getContainerClient('bad-uploads');
    await bad.createIfNotExists();
    await bad.getBlockBlobClient('x.json').uploadData(Buffer.from('{}'));
    await captured.waitFor(/Moved a message to queue 'webjobs-blobtrigger-poison'/);
    // A later blob is found by a later scan, which lists x.json again without running it.
    await bad.getBlockBlobClient('y.json').uploadData(Buffer.from('{}'));
    await linesMatching(/onBadUpload ran for y/, 2);
    assert.equal(captured.lines.filter((line) => /onBadUpload ran for x/.test(line)).length, 2);
    const poison = await queues
      .getQueueClient('webjobs-blobtrigger-poison')
      .peekMessages({ numberOfMessages: 32 });
    const first = JSON.parse(
      Buffer.from(poison.peekedMessageItems[0]?.messageText ?? '', 'base64').toString('utf8'),
    ) as Record<string, unknown>;
    assert.deepEqual(
      { ...first, ETag: typeof first.ETag },
      {
        Type: 'BlobTrigger',
        FunctionId: 'Host.Functions.onBadUpload',
        BlobType: 'BlockBlob',
        ContainerName: 'bad-uploads',
        BlobName: 'x.json',
        ETag: 'string',
      },
    );
  });
});
