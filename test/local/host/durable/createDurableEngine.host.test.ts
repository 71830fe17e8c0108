import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { VirtualClock } from '../../../../local/host/clock/VirtualClock.js';
import { startHost, type RunningHost } from '../../../../local/host/startHost.js';
import { REPO_ROOT } from '../../../support/repoRoot.js';

describe('createDurableEngine (through the local host)', () => {
  let host: RunningHost;
  const clock = new VirtualClock({ start: Date.UTC(2026, 0, 1) });
  const logs: string[] = [];

  before(async () => {
    host = await startHost({
      appDir: path.join(REPO_ROOT, 'test', 'fixtures', 'durable', 'reminder-app'),
      port: 0,
      storage: { kind: 'memory' },
      clock,
      log: (level, message) => logs.push(`${level}: ${message}`),
    });
  });
  after(() => host.stop());

  it('runs a sample-style app: HTTP starter, six-hour timer, fan-out with retries, status URL', async () => {
    const started = await fetch(`${host.url}/api/reminders`, { method: 'POST', body: '5' });
    assert.equal(started.status, 202);
    const location = started.headers.get('Location') ?? '';
    assert.ok(location.startsWith(`${host.url}/runtime/webhooks/durabletask/instances/`));

    let response = await fetch(location);
    while (response.status === 202) {
      assert.equal(response.headers.get('Retry-After'), '5');
      await response.body?.cancel();
      response = await fetch(location);
    }
    assert.equal(response.status, 200);
    const status = (await response.json()) as Record<string, unknown>;
    assert.equal(status['runtimeStatus'], 'Completed');
    assert.equal(status['customStatus'], 'sending');
    // Six hours, then two 30-second retry waits for the busy mail server.
    assert.deepEqual(status['output'], { sent: 5, at: '2026-01-01T06:01:00.000Z' });
    assert.ok(
      logs.some((line) => /^info: Orchestration 'reminder' \(\w+\) completed\.$/.test(line)),
    );
  });
});
