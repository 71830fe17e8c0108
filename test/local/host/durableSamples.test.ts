/**
 * The official samples of Azure/azure-functions-durable-js (samples-js, samples-ts) that need no
 * outside service, no entities and no versioning, run unmodified on the local host. Opt-in (CI has
 * no network): set DURABLE_SAMPLES_DIR to a folder holding `samples-js` (after `npm install`)
 * and/or `samples-ts` (after `npm install && npm run build`). The sample files are copied as they
 * are into an app folder with the sample's own package.json, host.json and node_modules; the
 * others (entities, Twilio and storage bindings, OpenWeatherMap, Azure management) stay out.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { VirtualClock } from '../../../local/host/clock/VirtualClock.js';
import type { LocalDurableEngine } from '../../../local/host/durable/createDurableEngine.js';
import { startHost, type RunningHost } from '../../../local/host/startHost.js';
import { captureLog } from './captureLog.js';

const SAMPLES = [
  'sayHello',
  'httpStart',
  'httpSyncStart',
  'callActivityWithRetry',
  'callSubOrchestratorWithRetry',
  'cancelTimer',
  'continueAsNewCounter',
];

const root = process.env['DURABLE_SAMPLES_DIR'];

/** An app folder with the chosen sample files, unmodified, and the sample's own dependencies. */
async function sampleApp(sampleDir: string, functionsDir: string, ext: string): Promise<string> {
  const appDir = await mkdtemp(path.join(tmpdir(), 'durable-samples-'));
  await copyFile(path.join(sampleDir, 'package.json'), path.join(appDir, 'package.json'));
  await copyFile(path.join(sampleDir, 'host.json'), path.join(appDir, 'host.json'));
  await symlink(path.join(sampleDir, 'node_modules'), path.join(appDir, 'node_modules'), 'dir');
  await mkdir(path.join(appDir, functionsDir), { recursive: true });
  for (const name of SAMPLES) {
    const file = path.join(functionsDir, `${name}${ext}`);
    await copyFile(path.join(sampleDir, file), path.join(appDir, file));
  }
  return appDir;
}

const flavours = [
  { name: 'samples-js', functionsDir: 'functions' },
  { name: 'samples-ts', functionsDir: path.join('dist', 'functions') },
];

for (const flavour of flavours) {
  const sampleDir = root === undefined ? undefined : path.join(root, flavour.name);
  const skip =
    sampleDir === undefined || !existsSync(path.join(sampleDir, flavour.functionsDir))
      ? 'set DURABLE_SAMPLES_DIR to run the official durable samples'
      : false;

  describe(`official durable samples (${flavour.name}) on the local host`, { skip }, () => {
    let host: RunningHost;
    let appDir: string;

    before(async () => {
      appDir = await sampleApp(sampleDir ?? '', flavour.functionsDir, '.js');
      host = await startHost({
        appDir,
        port: 0,
        storage: { kind: 'memory' },
        clock: new VirtualClock(),
        log: captureLog().log,
      });
    });
    after(async () => {
      await host.stop();
      await rm(appDir, { recursive: true, force: true });
    });

    /** Starts through the sample's httpStart and returns the final status. */
    const run = async (orchestrator: string, input: unknown): Promise<Record<string, unknown>> => {
      const started = await fetch(`${host.url}/api/orchestrators/${orchestrator}`, {
        method: 'POST',
        body: JSON.stringify(input),
      });
      assert.equal(started.status, 202);
      const { id, statusQueryGetUri } = (await started.json()) as {
        id: string;
        statusQueryGetUri: string;
      };
      await (host.durableEngine as LocalDurableEngine).waitForCompletion(id);
      const status = await fetch(statusQueryGetUri);
      assert.equal(status.status, 200);
      return (await status.json()) as Record<string, unknown>;
    };

    it('runs the function chain', async () => {
      const status = await run('helloSequence', null);
      assert.deepEqual(
        [status['runtimeStatus'], status['output']],
        ['Completed', ['Hello Tokyo', 'Hello Seattle', 'Hello Cairo']],
      );
    });

    it('runs an activity, a custom status and a sub-orchestration', async () => {
      assert.equal((await run('sayHelloWithActivity', 'Oslo'))['output'], 'Hello Oslo');
      const custom = await run('sayHelloWithCustomStatus', 'Lima');
      assert.deepEqual([custom['output'], custom['customStatus']], ['Hello Lima', 'Hello Lima']);
      // samples-ts passes `{ input }` as the child's input (callSubOrchestrator(name, input)), so
      // the activity greets an object there, in Azure as here.
      assert.equal(
        (await run('sayHelloWithSubOrchestrator', 'Rome'))['output'],
        flavour.name === 'samples-ts' ? 'Hello [object Object]' : 'Hello Rome',
      );
    });

    it('answers httpSyncStart with the output once the instance completes', async () => {
      const response = await fetch(
        `${host.url}/api/orchestrators/wait/sayHelloWithActivity?timeout=60&retryInterval=1`,
        { method: 'POST', body: '"Sync"' },
      );
      assert.equal(response.status, 200);
      assert.equal(await response.json(), 'Hello Sync');
    });

    it('catches exhausted activity and sub-orchestration retries', async () => {
      const activity = await run('callActivityWithRetry', null);
      assert.deepEqual([activity['runtimeStatus'], activity['output']], ['Completed', null]);
      const child = await run('callSubOrchestratorWithRetry', null);
      assert.deepEqual([child['runtimeStatus'], child['output']], ['Completed', null]);
    });

    it('cancels a timer and counts with continueAsNew', async () => {
      const cancelled = await run('cancelTimer', null);
      assert.equal(cancelled['output'], 'Hello from the other side');
      const counted = await run('continueAsNewCounter', null);
      assert.deepEqual([counted['runtimeStatus'], counted['output']], ['Completed', 10]);
    });
  });
}
