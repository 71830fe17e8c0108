import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import df, { type OrchestrationContext } from 'durable-functions';

import { SystemClock } from '../../../../local/host/clock/SystemClock.js';
import { startAzurite, type RunningAzurite } from '../../../../local/azurite/startAzurite.js';
import type { DurableStorage } from '../../../../local/host/contracts.js';
import { registerApp, startHarness } from './support/durableHarness.js';

const registry = registerApp(() => {
  df.app.activity('square', { handler: (n: number) => n * n });
  df.app.orchestration('sumOfSquares', function* (context: OrchestrationContext) {
    const count = context.df.getInput<number>();
    const tasks = Array.from({ length: count }, (_, i) => context.df.callActivity('square', i + 1));
    const squares = (yield context.df.Task.all(tasks)) as number[];
    return squares.reduce((sum, n) => sum + n, 0);
  });
  df.app.orchestration('sleepThenSquare', function* (context: OrchestrationContext) {
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 3_600_000));
    return (yield context.df.callActivity('square', 7)) as number;
  });
});

describe('createDurableEngine (restart on storage)', () => {
  let azurite: RunningAzurite;
  let storage: DurableStorage;

  before(async () => {
    azurite = await startAzurite();
    storage = { kind: 'connectionString', connectionString: azurite.connectionString };
  });
  after(() => azurite.stop());

  it('resumes a fan-out a stopped engine left running, keeping its acknowledged results', async () => {
    const config = { hubName: 'RestartHub', maxConcurrentActivityFunctions: 20 };
    let startedOnA = 0;
    const a = await startHarness(registry, {
      storage,
      durableTaskConfig: config,
      // Half the activities never finish: the process "dies" while they run.
      wrapInvoke: (invoke) => (name, input) =>
        name === 'square' && ++startedOnA > 10 ? new Promise(() => {}) : invoke(name, input),
    });
    const id = await a.client.startNew('sumOfSquares', { input: 20 });
    const completedOnA = async (): Promise<number> => {
      const status = await a.client.getStatus(id, { showHistory: true });
      return (status.history ?? []).filter(
        (e) => (e as { EventType: string }).EventType === 'TaskCompleted',
      ).length;
    };
    while ((await completedOnA()) < 10) await new Promise((resolve) => setImmediate(resolve));
    await a.close();

    const rerun: unknown[] = [];
    const b = await startHarness(registry, {
      storage,
      durableTaskConfig: config,
      wrapInvoke: (invoke) => (name, input) => {
        if (name === 'square') rerun.push(input);
        return invoke(name, input);
      },
    });
    try {
      const final = await b.engine.waitForCompletion(id);
      assert.equal(final.runtimeStatus, 'Completed');
      assert.equal(final.output, String((20 * 21 * 41) / 6));
      assert.deepEqual(
        rerun.sort((x, y) => Number(x) - Number(y)),
        [11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
      );
    } finally {
      await b.close();
    }
  });

  it('re-arms a durable timer a stopped engine left pending', async () => {
    const config = { hubName: 'TimerHub' };
    // Wall-clock time: the hour-long timer cannot fire before the engine stops.
    const a = await startHarness(registry, {
      storage,
      durableTaskConfig: config,
      clock: new SystemClock(),
    });
    const id = await a.client.startNew('sleepThenSquare');
    const timerCreated = async (): Promise<boolean> => {
      const status = await a.client.getStatus(id, { showHistory: true });
      return (status.history ?? []).some(
        (e) => (e as { EventType: string }).EventType === 'TimerCreated',
      );
    };
    while (!(await timerCreated())) await new Promise((resolve) => setImmediate(resolve));
    await a.close();

    const b = await startHarness(registry, { storage, durableTaskConfig: config });
    try {
      const final = await b.engine.waitForCompletion(id);
      assert.equal(final.runtimeStatus, 'Completed');
      assert.equal(final.output, '49');
    } finally {
      await b.close();
    }
  });
});
