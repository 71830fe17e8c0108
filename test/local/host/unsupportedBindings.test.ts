/**
 * An app with functions the local host cannot serve starts its other functions, as the
 * Functions host disables only a function it cannot index: one line per disabled function at
 * startup, and the startup function list (Core Tools' format) without them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { formatFunctionList } from '../../../local/host/formatFunctionList.js';
import { startHost, type RunningHost } from '../../../local/host/startHost.js';
import { captureLog, type CapturedLog } from './captureLog.js';
import { fixtureAppDir } from './fixtureAppDir.js';

const SERVED =
  'httpTrigger, http, timerTrigger, orchestrationTrigger, activityTrigger, durableClient, blob, blobTrigger, queue, queueTrigger, table';

describe('an app with unsupported bindings on the local host', () => {
  let host: RunningHost;
  let captured: CapturedLog;

  before(async () => {
    captured = captureLog();
    host = await startHost({
      appDir: fixtureAppDir('unsupported-app'),
      port: 0,
      log: captured.log,
    });
  });
  after(() => host.stop());

  it('says in one line per function why it is disabled', () => {
    assert.deepEqual(
      captured.lines.filter((line) => line.includes('function is in error')),
      [
        `error: The 'busWorker' function is in error: The binding type(s) 'serviceBusTrigger' are not supported by the local host (it serves ${SERVED}). The function is disabled; the app's other functions run.`,
        `error: The 'saveOrder' function is in error: The binding type(s) 'cosmosDB' are not supported by the local host (it serves ${SERVED}). The function is disabled; the app's other functions run.`,
        "error: The 'queueWorker' function is in error: The queueTrigger binding: Storage account connection string 'MissingStorage' does not exist. Make sure that it is a defined App Setting.",
      ],
    );
  });

  it('serves the other functions and lists only them', async () => {
    const answer = await fetch(`${host.url}/api/fine`);
    assert.deepEqual([answer.status, await answer.text()], [200, 'ok']);
    assert.equal(
      formatFunctionList(host.functions, host.routes, host.url),
      `Functions:\n\n\tfine: [GET] ${host.url}/api/fine`,
    );
    assert.deepEqual(
      host.disabledFunctions.map((fn) => fn.name),
      ['busWorker', 'saveOrder', 'queueWorker'],
    );
  });

  it('answers 404 for a disabled HTTP function', async () => {
    assert.equal((await fetch(`${host.url}/api/saveOrder`, { method: 'POST' })).status, 404);
  });
});
