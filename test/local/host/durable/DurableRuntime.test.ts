import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import df, { type OrchestrationContext } from 'durable-functions';

import { VirtualClock } from '../../../../local/host/clock/VirtualClock.js';
import { DurableRuntime } from '../../../../local/host/durable/DurableRuntime.js';
import type {
  HistoryChange,
  InstanceRecord,
} from '../../../../local/host/durable/store/InstanceStore.js';
import { MemoryStore } from '../../../../local/host/durable/store/MemoryStore.js';
import { directInvoke, registerApp } from './support/durableHarness.js';

const registry = registerApp(() => {
  df.app.activity('inc', { handler: (n: number) => n + 1 });
  df.app.orchestration('twoSteps', function* (context: OrchestrationContext) {
    const one = (yield context.df.callActivity('inc', 0)) as number;
    return (yield context.df.callActivity('inc', one)) as number;
  });
});

/** A store whose storage is unreachable for the first `failures` appends. */
class FlakyStore extends MemoryStore {
  failures: number;
  constructor(failures: number) {
    super();
    this.failures = failures;
  }
  override save(record: InstanceRecord, change?: HistoryChange): Promise<void> {
    if (change && 'append' in change && this.failures > 0) {
      this.failures--;
      return Promise.reject(new Error('storage unreachable'));
    }
    return super.save(record, change);
  }
}

describe('DurableRuntime', () => {
  it('retries an episode whose save failed, without losing or repeating completions', async () => {
    const logs: string[] = [];
    const store = new FlakyStore(2);
    const invoke = directInvoke(registry);
    let activityRuns = 0;
    const runtime = new DurableRuntime({
      store,
      invoke: (name, input) => {
        if (name === 'inc') activityRuns += 1;
        return invoke(name, input);
      },
      clock: new VirtualClock(),
      log: (level, message) => logs.push(`${level}: ${message}`),
      config: {
        hubName: 'RetryHub',
        maxConcurrentActivityFunctions: 2,
        overridableExistingInstanceStates: 'AnyState',
      },
      orchestrations: new Set(['twoSteps']),
      activities: new Set(['inc']),
    });
    const id = await runtime.startNew('twoSteps', 'flaky', undefined);
    const final = await runtime.waitForCompletion(id);
    assert.equal(final.runtimeStatus, 'Completed');
    assert.equal(final.output, '2');
    assert.deepEqual(
      logs.filter((line) => line.includes('could not advance')),
      [
        "error: Orchestration 'twoSteps' (flaky) could not advance: storage unreachable; retrying in 1 s.",
        "error: Orchestration 'twoSteps' (flaky) could not advance: storage unreachable; retrying in 2 s.",
      ],
    );
    const history = await store.history(final);
    assert.equal(history.filter((e) => e.EventType === 5).length, 2);
    // Work goes out before each checkpoint; a failed checkpoint must not send it twice.
    assert.equal(activityRuns, 2);
    const ids = history.map((e) => ({
      type: e.EventType,
      id: e.EventId,
      of: e['TaskScheduledId'],
    }));
    for (const completed of ids.filter((e) => e.type === 5)) {
      const scheduledAt = ids.findIndex((e) => e.type === 4 && e.id === completed.of);
      assert.ok(scheduledAt >= 0 && scheduledAt < ids.indexOf(completed), JSON.stringify(ids));
    }
    await runtime.stop();
  });
});
