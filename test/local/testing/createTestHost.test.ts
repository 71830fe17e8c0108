import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { app } from '@azure/functions';
import * as df from 'durable-functions';

import { createTestHost, type TestHost } from '../../../local/testing/createTestHost.js';
import { TimeSkippingClock } from '../../../local/testing/TimeSkippingClock.js';
import { REPO_ROOT } from '../../support/repoRoot.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 1, 8, 0, 0);

/** A user's app as its own code would register it: nothing of this project's apps. */
function registerRenewals(attempts: Map<string, number>, fired: number[]): () => void {
  return () => {
    df.app.activity('chargeCard', {
      handler: (customer: string) => {
        const attempt = (attempts.get(customer) ?? 0) + 1;
        attempts.set(customer, attempt);
        if (attempt < 3) throw new Error(`card declined (attempt ${attempt})`);
        return { customer, charged: true, attempt };
      },
    });
    df.app.orchestration('renewal', function* (context) {
      const customer = context.df.getInput<string>();
      const startedAt = context.df.currentUtcDateTime.getTime();
      yield context.df.createTimer(new Date(startedAt + 24 * HOUR));
      const retry = new df.RetryOptions(10 * 60_000, 4);
      retry.backoffCoefficient = 2;
      const charge: unknown = yield context.df.callActivityWithRetry('chargeCard', retry, customer);
      return { charge, startedAt, finishedAt: context.df.currentUtcDateTime.getTime() };
    });
    df.app.client.http('startRenewal', {
      route: 'renewals/{customer}',
      methods: ['POST'],
      handler: async (request, client) => {
        const id = await client.startNew('renewal', { input: request.params.customer });
        return client.createCheckStatusResponse(request, id);
      },
    });
    app.timer('dailyDigest', {
      schedule: '0 0 9 * * *',
      handler: () => {
        fired.push(clock.now());
      },
    });
  };
}

const clock = new TimeSkippingClock({ start: START });

describe('createTestHost', () => {
  let host: TestHost;
  const attempts = new Map<string, number>();
  const fired: number[] = [];

  before(async () => {
    host = await createTestHost({ registrations: registerRenewals(attempts, fired), clock });
  });
  after(() => host.stop());

  it('runs a 24-hour timer and retried activity to completion on virtual time', async () => {
    const before = clock.now();
    const id = await host.client.startNew('renewal', { input: 'c-1' });
    const status = await host.waitForCompletion(id);

    assert.equal(status.runtimeStatus, df.OrchestrationRuntimeStatus.Completed);
    // Two declined attempts, then 10 and 20 minutes of back-off before the third.
    const expectedEnd = before + 24 * HOUR + 10 * 60_000 + 20 * 60_000;
    assert.deepEqual(status.output, {
      charge: { customer: 'c-1', charged: true, attempt: 3 },
      startedAt: before,
      finishedAt: expectedEnd,
    });
    assert.equal(clock.now(), expectedEnd);
    assert.equal(attempts.get('c-1'), 3);
  });

  it('starts through an HTTP trigger and its check-status response', async () => {
    const response = await host.fetch('/api/renewals/c-2', { method: 'POST' });
    assert.equal(response.status, 202);
    const body = (await response.json()) as { id: string; statusQueryGetUri: string };
    const status = await host.waitForCompletion(body.id);
    assert.equal(status.runtimeStatus, df.OrchestrationRuntimeStatus.Completed);
    const polled = await fetch(body.statusQueryGetUri);
    assert.equal(polled.status, 200);
    assert.equal(((await polled.json()) as { runtimeStatus: string }).runtimeStatus, 'Completed');
  });

  it('stands still until the test skips, then fires NCRONTAB timers at their occurrences', async () => {
    fired.length = 0;
    const from = clock.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(clock.now(), from, 'no skip asked for: time did not move');
    assert.deepEqual(fired, []);

    await host.skip(3 * 24 * HOUR);
    assert.equal(clock.now(), from + 3 * 24 * HOUR);
    const nineOClock = (t: number) => new Date(t).getUTCHours() === 9 && t % 60_000 === 0;
    assert.equal(fired.length, 3);
    assert.ok(fired.every(nineOClock), fired.map((t) => new Date(t).toISOString()).join(', '));
    assert.deepEqual(
      fired.map((t, i) => (i === 0 ? 0 : t - (fired[i - 1] ?? 0))),
      [0, 24 * HOUR, 24 * HOUR],
    );
  });
});

describe('createTestHost with an appDir', () => {
  const clock = new TimeSkippingClock({ start: START });
  let host: TestHost;

  before(async () => {
    // A CommonJS app written like the official samples, loaded from its package.json main.
    host = await createTestHost({
      appDir: path.join(REPO_ROOT, 'test/fixtures/durable/reminder-app'),
      clock,
    });
  });
  after(() => host.stop());

  it("loads the entry files and reads host.json's task hub", async () => {
    const response = await host.fetch('/api/reminders', { method: 'POST', body: '3' });
    assert.equal(response.status, 202);
    const { id, statusQueryGetUri } = (await response.json()) as {
      id: string;
      statusQueryGetUri: string;
    };
    assert.match(statusQueryGetUri, /taskHub=ReminderHub/);
    const started = clock.now();
    const status = await host.waitForCompletion(id);
    assert.equal(status.runtimeStatus, df.OrchestrationRuntimeStatus.Completed);
    // Six hours asleep, then r0 fails twice and is retried 30 s apart.
    assert.deepEqual(status.output, {
      sent: 3,
      at: new Date(started + 6 * HOUR + 60_000).toISOString(),
    });
  });
});

describe('createTestHost side by side', () => {
  it('starts hosts concurrently, each with its own functions, on a shared clock', async () => {
    const shared = new TimeSkippingClock({ start: START });
    const register = (name: string) => () => {
      df.app.activity(`${name}Activity`, { handler: () => name });
      df.app.orchestration(name, function* (context) {
        yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + HOUR));
        return (yield context.df.callActivity(`${name}Activity`)) as string;
      });
    };
    const [a, b] = await Promise.all([
      createTestHost({ registrations: register('alpha'), clock: shared }),
      createTestHost({ registrations: register('beta'), clock: shared }),
    ]);
    try {
      const [idA, idB] = [await a.client.startNew('alpha'), await b.client.startNew('beta')];
      const [statusA, statusB] = await Promise.all([
        a.waitForCompletion(idA),
        b.waitForCompletion(idB),
      ]);
      assert.deepEqual([statusA.output, statusB.output], ['alpha', 'beta']);
      assert.equal(shared.now(), START + HOUR);
      await assert.rejects(a.client.startNew('beta'), /beta/);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('names the missing option', async () => {
    await assert.rejects(createTestHost({}), {
      name: 'TypeError',
      message: 'createTestHost: the "registrations" or the "appDir" option is required',
    });
  });
});
