/**
 * A crash in user code kills only the worker, as in the Functions host: the Node worker logs
 * the uncaught exception and exits (azure-functions-nodejs-worker, src/nodejsWorker.ts), the host
 * starts a new worker, the invocations in flight fail, and the Durable extension aborts a work
 * item cut off by "a worker process exit" so it runs again (azure-functions-durable-extension,
 * src/WebJobs.Extensions.DurableTask/OutOfProcMiddleware.cs). HTTP and every instance go on.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { LocalDurableEngine } from '../../../../local/host/durable/createDurableEngine.js';
import { startHost, type RunningHost } from '../../../../local/host/startHost.js';
import { captureLog, type CapturedLog } from '../captureLog.js';
import { fixtureAppDir } from '../fixtureAppDir.js';

interface Started {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
}

describe('WorkerSupervisor (through the host): a crashing worker', () => {
  let host: RunningHost;
  let captured: CapturedLog;
  let crashDir: string;

  before(async () => {
    crashDir = await mkdtemp(path.join(tmpdir(), 'crash-app-'));
    captured = captureLog();
    host = await startHost({
      appDir: fixtureAppDir('crash-app'),
      port: 0,
      env: { CRASH_DIR: crashDir },
      storage: { kind: 'memory' },
      log: captured.log,
    });
  });
  after(async () => {
    await host.stop();
    await rm(crashDir, { recursive: true, force: true });
  });

  const engine = () => host.durableEngine as LocalDurableEngine;
  const start = async (name: string, body: string): Promise<Started> => {
    const response = await fetch(`${host.url}/api/start/${name}`, { method: 'POST', body });
    assert.equal(response.status, 202);
    return (await response.json()) as Started;
  };
  const pid = async () =>
    ((await (await fetch(`${host.url}/api/pid`)).json()) as { pid: number }).pid;

  it('re-runs an activity whose unhandled rejection killed the worker; other instances go on', async () => {
    const firstPid = await pid();
    const waiting = await start('waitsForGo', '');
    const flaky = await start('callsFlaky', 'order 7');

    const done = await engine().waitForCompletion(flaky.id);
    assert.equal(done.runtimeStatus, 'Completed');
    const secondPid = await pid();
    assert.notEqual(secondPid, firstPid);
    assert.equal(done.output, JSON.stringify(`done: order 7 (worker ${secondPid})`));
    await captured.waitFor(
      /^error: Worker uncaught exception \(learn more: https:\/\/go\.microsoft\.com\/fwlink\/\?linkid=2097909 \): Error: unhandled in flakyActivity/,
    );
    await captured.waitFor(/^error: Worker process exited \(code 1\); starting a new worker\.$/);
    assert.equal(host.worker.restarts, 1);

    // The instance started before the crash is still there and completes.
    const raised = await fetch(waiting.sendEventPostUri.replace('{eventName}', 'go'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '"now"',
    });
    assert.equal(raised.status, 202);
    const went = await engine().waitForCompletion(waiting.id);
    assert.deepEqual([went.runtimeStatus, went.output], ['Completed', '"went: now"']);
  });

  it('fails the HTTP request in flight with 500 and serves the next one and timers from a new worker', async () => {
    const before = await pid();
    const crashed = await fetch(`${host.url}/api/crashNow`);
    assert.equal(crashed.status, 500);
    assert.equal(await crashed.text(), '');
    await captured.waitFor(/Error: uncaught in crashNow/);
    const after = await pid();
    assert.notEqual(after, before);
    assert.equal(host.worker.restarts, 2);
    await captured.waitFor(new RegExp(`^info: \\[tick\\] tick in worker ${after}$`));
  });
});
