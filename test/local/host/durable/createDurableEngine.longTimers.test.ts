import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import df, { type OrchestrationContext } from 'durable-functions';

import { VirtualClock } from '../../../../local/host/clock/VirtualClock.js';
import { ManualClock } from '../ManualClock.js';
import { registerApp, startHarness, type Harness } from './support/durableHarness.js';

const DAY = 86_400_000;

const registry = registerApp(() => {
  df.app.activity('echo', { handler: (text: string) => text });
  df.app.orchestration('weekWait', function* (context: OrchestrationContext) {
    const startedAt = context.df.currentUtcDateTime.getTime();
    yield context.df.createTimer(new Date(startedAt + 7 * DAY));
    const echoed = (yield context.df.callActivity('echo', 'after a week')) as string;
    return { echoed, elapsedMs: context.df.currentUtcDateTime.getTime() - startedAt };
  });
  df.app.orchestration('weekOrEvent', function* (context: OrchestrationContext) {
    const startedAt = context.df.currentUtcDateTime.getTime();
    const timer = context.df.createTimer(new Date(startedAt + 7 * DAY));
    const event = context.df.waitForExternalEvent('go');
    const winner = (yield context.df.Task.any([timer, event])) as unknown;
    if (winner === event) timer.cancel();
    return winner === event ? 'event' : 'timer';
  });
});

type Event = { EventType: string; FireAt?: string };

describe('createDurableEngine (long timers)', () => {
  let harness: Harness;
  let clock: VirtualClock;

  before(async () => {
    clock = new VirtualClock({ start: Date.UTC(2026, 0, 5) });
    harness = await startHarness(registry, { clock });
  });
  after(() => harness.close());

  it('splits a 7-day timer into 3-day steps as the extension does (3 d, 6 d, then the end)', async () => {
    // azure-functions-durable-extension, ContextImplementations/DurableOrchestrationContext.cs
    // (IDurableOrchestrationContext.CreateTimer): a timer longer than MaximumDelayTime (6 days,
    // AzureStorageDurabilityProvider.cs) becomes LongRunningTimerIntervalLength (3 days) steps,
    // the last one ending at fireAt; the SDK (schema V3, LongTimerTask) follows those steps.
    const startedAt = clock.now();
    const id = await harness.client.startNew('weekWait');
    await harness.engine.waitForCompletion(id);
    const status = await harness.client.getStatus(id, {
      showHistory: true,
      showHistoryOutput: true,
    });
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, { echoed: 'after a week', elapsedMs: 7 * DAY });
    const history = (status.history ?? []) as Event[];
    const at = (days: number): string => new Date(startedAt + days * DAY).toISOString();
    assert.deepEqual(
      history.filter((e) => e.EventType === 'TimerCreated').map((e) => e.FireAt),
      [at(3), at(6), at(7)],
    );
    assert.deepEqual(
      history.filter((e) => e.EventType === 'TimerFired').map((e) => e.FireAt),
      [at(3), at(6), at(7)],
    );
  });
});

describe('createDurableEngine (a long timer cancelled mid-way)', () => {
  it('cancels the step in progress when the orchestrator cancels a long timer', async () => {
    const clock = new ManualClock('2026-01-05T00:00:00Z');
    const harness = await startHarness(registry, { clock });
    try {
      const id = await harness.client.startNew('weekOrEvent');
      await clock.sleeping();
      clock.advanceTo('2026-01-08T00:00:00Z');
      await clock.sleeping();
      await harness.client.raiseEvent(id, 'go', true);
      await harness.engine.waitForCompletion(id);
      const status = await harness.client.getStatus(id, { showHistory: true });
      assert.equal(status.output, 'event');
      const history = (status.history ?? []) as Event[];
      assert.deepEqual(
        history.filter((e) => e.EventType === 'TimerCreated').map((e) => e.FireAt),
        ['2026-01-08T00:00:00.000Z', '2026-01-11T00:00:00.000Z'],
      );
      assert.equal(history.filter((e) => e.EventType === 'TimerFired').length, 1);
      clock.advanceTo('2026-01-20T00:00:00Z');
      const after = await harness.client.getStatus(id, { showHistory: true });
      assert.deepEqual(after.history, status.history, 'the cancelled step must not fire');
    } finally {
      await harness.close();
    }
  });
});
