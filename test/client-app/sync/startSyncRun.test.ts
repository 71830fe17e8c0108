import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startSyncRun } from '../../../client-app/sync/startSyncRun.js';
import { SYNC_INSTANCE_ID, SYNC_ORCHESTRATION } from '../../../client-app/sync/syncNames.js';
import type { Logger } from '../../../shared/logging/Logger.js';

type Client = Parameters<typeof startSyncRun>[0];

function recordingLogger() {
  const lines: { level: string; message: string; properties?: unknown }[] = [];
  const logger: Logger = {
    info: (message, properties) => lines.push({ level: 'info', message, properties }),
    warn: (message, properties) => lines.push({ level: 'warn', message, properties }),
    error: (message, properties) => lines.push({ level: 'error', message, properties }),
  };
  return { logger, lines };
}

function fakeClient(statuses: string[], startError?: Error) {
  const started: unknown[] = [];
  const client = {
    getStatus: () => {
      const next = statuses.shift() ?? 'missing';
      if (next === 'missing') {
        return Promise.reject(
          new Error(
            'DurableClient error: Durable Functions extension replied with HTTP 404 response.',
          ),
        );
      }
      return Promise.resolve({ runtimeStatus: next });
    },
    startNew: (name: string, options: unknown) => {
      started.push({ name, options });
      return startError ? Promise.reject(startError) : Promise.resolve(SYNC_INSTANCE_ID);
    },
  } as unknown as Client;
  return { client, started };
}

const input = {
  maxParallel: 4,
  activityRetry: { firstRetryIntervalMs: 1000, maxAttempts: 2 },
  trigger: 'timer',
  mode: 'incremental',
} as const;

describe('startSyncRun', () => {
  it('starts the well-known instance when none ever ran', async () => {
    const { client, started } = fakeClient(['missing']);
    const { logger } = recordingLogger();
    assert.deepEqual(await startSyncRun(client, input, logger), {
      started: true,
      instanceId: SYNC_INSTANCE_ID,
    });
    assert.deepEqual(started, [
      { name: SYNC_ORCHESTRATION, options: { instanceId: SYNC_INSTANCE_ID, input } },
    ]);
  });

  for (const finished of ['Completed', 'Failed', 'Terminated']) {
    it(`starts again after a ${finished} run`, async () => {
      const { client, started } = fakeClient([finished]);
      const outcome = await startSyncRun(client, input, recordingLogger().logger);
      assert.equal(outcome.started, true);
      assert.equal(started.length, 1);
    });
  }

  for (const active of ['Running', 'Pending', 'ContinuedAsNew', 'Suspended']) {
    it(`skips and logs the running instance when it is ${active}`, async () => {
      const { client, started } = fakeClient([active]);
      const { logger, lines } = recordingLogger();
      assert.deepEqual(await startSyncRun(client, input, logger), {
        started: false,
        instanceId: SYNC_INSTANCE_ID,
        runtimeStatus: active,
      });
      assert.equal(started.length, 0);
      assert.deepEqual(lines, [
        {
          level: 'warn',
          message: 'sync start skipped: a run is already in progress',
          properties: { instanceId: SYNC_INSTANCE_ID, runtimeStatus: active, trigger: 'timer' },
        },
      ]);
    });
  }

  it('reports a start the engine refused because a run began in between', async () => {
    const { client } = fakeClient(['missing', 'Running'], new Error('409 Conflict'));
    assert.deepEqual(await startSyncRun(client, input, recordingLogger().logger), {
      started: false,
      instanceId: SYNC_INSTANCE_ID,
      runtimeStatus: 'Running',
    });
  });

  it('rethrows a start failure that is not a conflict', async () => {
    const { client } = fakeClient(['missing', 'missing'], new Error('storage down'));
    await assert.rejects(startSyncRun(client, input, recordingLogger().logger), /storage down/);
  });
});
