/**
 * The reminders app tested with orders-daemon's in-process harness: the real durable-functions
 * replay, an in-memory task hub and virtual time, in this test's process. Nothing else runs: no
 * Functions host, no storage emulator.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { createTestHost, TimeSkippingClock, type TestHost } from 'orders-daemon/testing';

import type { ReminderResult } from '../src/reminderTypes.js';
import { registerReminders } from '../src/registerReminders.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 3, 1, 9, 30);

describe('durable reminders', () => {
  const clock = new TimeSkippingClock({ start: START });
  const sent: { to: string; message: string; at: string }[] = [];
  /** Deliveries to fail first, by recipient, as a flaky mail server would. */
  const failuresLeft = new Map<string, number>();
  const sentTo = (to: string) => sent.filter((s) => s.to === to);
  let host: TestHost;

  before(async () => {
    host = await createTestHost({
      clock,
      registrations: () =>
        registerReminders({
          digestTo: 'team@example.com',
          notify: (to, message) => {
            const failures = failuresLeft.get(to) ?? 0;
            if (failures > 0) {
              failuresLeft.set(to, failures - 1);
              return Promise.reject(new Error('mail server busy'));
            }
            sent.push({ to, message, at: new Date(clock.now()).toISOString() });
            return Promise.resolve();
          },
        }),
    });
  });
  after(() => host.stop());
  beforeEach(() => {
    sent.length = 0;
    failuresLeft.clear();
  });

  it('sends a reminder after 24 hours, retrying a flaky delivery', async () => {
    failuresLeft.set('ana@example.com', 2);
    const response = await host.fetch('/api/reminders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'ana@example.com', message: 'renew the cert', delayHours: 24 }),
    });
    assert.equal(response.status, 202);
    const { id } = (await response.json()) as { id: string };

    const started = clock.now();
    const status = await host.waitForCompletion(id);

    // 24 hours on the timer, then two failures retried after 1 and 2 minutes.
    const sentAt = new Date(started + 24 * HOUR + 3 * 60_000).toISOString();
    assert.equal(status.runtimeStatus, 'Completed');
    const expected: ReminderResult = {
      to: 'ana@example.com',
      requestedAt: new Date(started).toISOString(),
      sentAt,
    };
    assert.deepEqual(status.output, expected);
    assert.deepEqual(sentTo('ana@example.com'), [
      { to: 'ana@example.com', message: 'renew the cert', at: sentAt },
    ]);
  });

  it('fails the reminder once every attempt has failed', async () => {
    failuresLeft.set('bo@example.com', 5);
    const id = await host.client.startNew('reminder', {
      input: { to: 'bo@example.com', message: 'ping', delayHours: 1 },
    });
    const status = await host.waitForCompletion(id);
    assert.equal(status.runtimeStatus, 'Failed');
    assert.deepEqual(sentTo('bo@example.com'), []);
  });

  it('refuses a request without a delay', async () => {
    const response = await host.fetch('/api/reminders', {
      method: 'POST',
      body: JSON.stringify({ to: 'ana@example.com', message: 'hi' }),
    });
    assert.equal(response.status, 400);
  });

  it('sends the digest every morning at 08:00 UTC', async () => {
    const from = clock.now();
    await host.skip(3 * 24 * HOUR);
    assert.equal(clock.now(), from + 3 * 24 * HOUR);
    const digests = sentTo('team@example.com');
    assert.equal(digests.length, 3);
    for (const { at } of digests) assert.match(at, /T08:00:00\.000Z$/);
  });
});
