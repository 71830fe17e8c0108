/**
 * The official durable quickstart's shape (Azure-Samples/durable-functions-quickstart-typescript-azd:
 * host.json `hubName: "%TASKHUB_NAME%"`, the Durable Task Scheduler provider `azureManaged`,
 * compiled CommonJS under dist/, an HTTP starter by orchestrator name, a fan-out/fan-in
 * orchestration) starts and runs on the local host: test/fixtures/apps/durable-quickstart-app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { LocalDurableEngine } from '../../../local/host/durable/createDurableEngine.js';
import { formatFunctionList } from '../../../local/host/formatFunctionList.js';
import { startHost, type RunningHost } from '../../../local/host/startHost.js';
import { captureLog, type CapturedLog } from './captureLog.js';
import { fixtureAppDir } from './fixtureAppDir.js';

describe('the durable quickstart on the local host', () => {
  let host: RunningHost;
  let captured: CapturedLog;

  before(async () => {
    captured = captureLog();
    host = await startHost({
      appDir: fixtureAppDir('durable-quickstart-app'),
      port: 0,
      storage: { kind: 'memory' },
      log: captured.log,
    });
  });
  after(() => host.stop());

  it("lists its functions in Core Tools' format", () => {
    assert.equal(
      formatFunctionList(host.functions, host.routes, host.url),
      [
        'Functions:',
        '',
        '\tfetchOrchestration: orchestrationTrigger',
        '',
        '\tfetchTitleAsync: activityTrigger',
        '',
        `\thttpStart: [GET,POST] ${host.url}/api/orchestrators/{orchestratorName}`,
      ].join('\n'),
    );
  });

  it('says in one warning line that the azureManaged provider runs on the local engine', () => {
    assert.deepEqual(
      captured.lines.filter((line) => line.startsWith('warn: ')),
      [
        'warn: host.json durableTask.storageProvider.type "azureManaged" (the Durable Task Scheduler) is not implemented by the local host: task hub "default" runs on the local engine with its state in memory (connection "DURABLE_TASK_SCHEDULER_CONNECTION_STRING" is not used); the provider\'s own dashboard, scaling and limits do not apply.',
      ],
    );
  });

  it('starts the orchestration in the %TASKHUB_NAME% hub and fans in every title', async () => {
    const started = await fetch(`${host.url}/api/orchestrators/fetchOrchestration`, {
      method: 'POST',
    });
    assert.equal(started.status, 202);
    const { id, statusQueryGetUri } = (await started.json()) as {
      id: string;
      statusQueryGetUri: string;
    };
    assert.match(statusQueryGetUri, /[?&]taskHub=default(&|$)/);
    await (host.durableEngine as LocalDurableEngine).waitForCompletion(id);
    const status = await fetch(statusQueryGetUri);
    assert.equal(status.status, 200);
    const body = (await status.json()) as { runtimeStatus: string; output: unknown };
    assert.deepEqual(
      [body.runtimeStatus, body.output],
      ['Completed', 'Durable overview; Task scheduler; Scenarios'],
    );
    await captured.waitFor(/^info: \[httpStart\] Started orchestration with ID = '/);
  });
});
