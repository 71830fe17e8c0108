/**
 * Durable state survives the host process: SIGKILL in the middle of a fan-out, start a new host
 * on the same Azurite, and the orchestration completes with every activity's result.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import { REPO_ROOT } from '../../support/repoRoot.js';
import { startHostProcess, type HostProcess } from '../../support/startHostProcess.js';

const APP_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'apps', 'fanout-app');
const COUNT = 24;

interface Status {
  runtimeStatus: string;
  output: unknown;
  historyEvents?: { EventType: string }[];
}

describe('local host: kill -9 mid fan-out, restart on the same storage', () => {
  let azurite: RunningAzurite;
  const hosts: HostProcess[] = [];
  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    for (const host of hosts) await host.stop().catch(() => undefined);
    await azurite.stop();
  });

  const start = async () => {
    const host = await startHostProcess({
      appDir: APP_DIR,
      env: { AzureWebJobsStorage: azurite.connectionString },
    });
    hosts.push(host);
    return host;
  };
  const status = async (host: HostProcess, id: string): Promise<Status> => {
    const response = await fetch(
      `${host.url}/runtime/webhooks/durabletask/instances/${id}?showHistory=true`,
    );
    return (await response.json()) as Status;
  };

  it('completes the orchestration with every activity result present', async () => {
    const first = await start();
    const started = await fetch(`${first.url}/api/fanout/${COUNT}`, { method: 'POST' });
    assert.equal(started.status, 202);
    const { id } = (await started.json()) as { id: string };

    // Wait until some, not all, activities have completed, then kill the process outright.
    for (;;) {
      const s = await status(first, id);
      const done = (s.historyEvents ?? []).filter((e) => e.EventType === 'TaskCompleted').length;
      // A fresh instance is Pending until its first episode runs; a loaded machine shows that.
      assert.ok(
        s.runtimeStatus === 'Pending' || s.runtimeStatus === 'Running',
        `the fan-out finished before the kill (${s.runtimeStatus})`,
      );
      if (done >= 4) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    first.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');

    const second = await start();
    for (let s = await status(second, id); ; s = await status(second, id)) {
      if (s.runtimeStatus !== 'Running' && s.runtimeStatus !== 'Pending') {
        assert.equal(s.runtimeStatus, 'Completed');
        assert.deepEqual(
          s.output,
          Array.from({ length: COUNT }, (_, n) => n * n),
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const executions = [first, second]
      .flatMap((h) => h.logs)
      .filter((line) => line.startsWith("Executing 'Functions.square'")).length;
    assert.ok(executions >= COUNT, `every activity ran at least once (${executions})`);
    assert.ok(
      second.logs.some((line) => line.startsWith("Executing 'Functions.square'")),
      'the new host ran the activities the killed one left',
    );
  });
});
