import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import df, { type OrchestrationContext, type Task } from 'durable-functions';
import { registerApp, startHarness } from './support/durableHarness.js';

describe('repro', () => {
  it('bounded Task.any fan-out with retry tasks then a final activity', async () => {
    const registry = registerApp(() => {
      df.app.activity('work', { handler: async (n: unknown) => { await new Promise(r => setTimeout(r, 5 * Number(n))); return { n }; } });
      df.app.activity('final', { handler: () => 'final-result' });
      df.app.orchestration('bounded', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
        const retry = new df.RetryOptions(1000, 3);
        const queue = [1, 2, 3, 4, 5, 6];
        const inFlight: Task[] = [];
        const results: unknown[] = [];
        while (queue.length || inFlight.length) {
          while (queue.length && inFlight.length < 2) inFlight.push(context.df.callActivityWithRetry('work', retry, queue.shift()));
          const winner = (yield context.df.Task.any(inFlight)) as Task;
          inFlight.splice(inFlight.indexOf(winner), 1);
          results.push(winner.result);
        }
        const last = yield context.df.callActivityWithRetry('final', retry, null);
        return { results, last };
      });
    });
    const h = await startHarness(registry);
    try {
      const id = await h.client.startNew('bounded');
      const status = await h.engine.waitForCompletion(id);
      console.log(JSON.stringify(status));
      const out = (status as { output: { last: unknown } }).output;
      assert.equal(out.last, 'final-result');
    } finally { await h.close(); }
  });
});
