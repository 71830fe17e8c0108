/**
 * The sliding window through the real durable-functions replay on the local durable engine,
 * which schedules a compound task's children again when they were already scheduled, as the
 * Durable extension does (azure-functions-durable-js#574).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import df, { type OrchestrationContext } from 'durable-functions';

import { runInWindow } from '../../../client-app/sync/runInWindow.js';
import {
  registerApp,
  startHarness,
  type Harness,
} from '../../local/host/durable/support/durableHarness.js';

/** An item: how long its activity takes, and whether it throws or asks the window to stop. */
interface Job {
  readonly name: string;
  readonly ms: number;
  readonly fail?: boolean;
  readonly stop?: boolean;
  /** Tasks the item takes, one after another in its slot (default 1). */
  readonly parts?: number;
}
/** What the activity is given: the job and which of its parts to run (1-based). */
interface JobPart {
  readonly job: Job;
  readonly part: number;
}
interface WindowRun {
  readonly width: number;
  readonly jobs: readonly Job[];
}

const events: string[] = [];
let inFlight = 0;
let maxInFlight = 0;

const registry = registerApp(() => {
  df.app.orchestration('windowed', function* (context: OrchestrationContext) {
    const { width, jobs } = context.df.getInput<WindowRun>();
    const settled: string[] = [];
    yield* runInWindow(context, {
      items: jobs,
      width,
      start: (job) => context.df.callActivity('job', { job, part: 1 } satisfies JobPart),
      continueWith: (job, outcome) => {
        if (!outcome.ok || typeof outcome.value !== 'number') return undefined;
        return context.df.callActivity('job', { job, part: outcome.value + 1 } satisfies JobPart);
      },
      onSettled: (job, outcome) => {
        settled.push(outcome.ok ? `${job.name}:${String(outcome.value)}` : `${job.name}:failed`);
        return !job.stop;
      },
    });
    return settled;
  });
  df.app.activity('job', {
    handler: async (input: unknown) => {
      const { job, part } = input as JobPart;
      const name = part === 1 ? job.name : `${job.name}#${part}`;
      events.push(`start ${name}`);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, job.ms));
      inFlight -= 1;
      events.push(`end ${name}`);
      if (job.fail) throw new Error(`${job.name} broke`);
      // A part number asks the window for the next part; 'ok' ends the item.
      return part < (job.parts ?? 1) ? part : 'ok';
    },
  });
});

const jobs = (names: string, ms: number): Job[] => [...names].map((name) => ({ name, ms }));

describe('runInWindow', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness(registry, {
      // More activity slots than any window here: only the window limits parallelism.
      durableTaskConfig: { maxConcurrentActivityFunctions: 16 },
    });
  });
  after(() => harness.close());
  beforeEach(() => {
    events.length = 0;
    maxInFlight = 0;
  });

  async function run(input: WindowRun) {
    const id = await harness.client.startNew('windowed', { input });
    const record = await harness.engine.waitForCompletion(id);
    assert.equal(record.runtimeStatus, 'Completed', record.output);
    const status = await harness.client.getStatus(id, { showHistory: true });
    // The status history folds each TaskScheduled into its completion: one entry per execution.
    const executions = (status.history ?? []).filter((e) =>
      ['TaskCompleted', 'TaskFailed'].includes((e as { EventType: string }).EventType),
    );
    return {
      settled: JSON.parse(record.output ?? '[]') as string[],
      executions: executions.length,
    };
  }

  it('runs every item once with at most `width` tasks in flight', async () => {
    const { settled, executions } = await run({ width: 3, jobs: jobs('abcdefg', 5) });
    assert.deepEqual(
      [...settled].sort(),
      [...'abcdefg'].map((name) => `${name}:ok`),
    );
    assert.equal(executions, 7);
    assert.equal(events.filter((e) => e.startsWith('start')).length, 7);
    assert.equal(maxInFlight, 3);
  });

  it("gives a finished task's slot to the next item while an older task still runs", async () => {
    const { settled } = await run({
      width: 2,
      jobs: [
        { name: 'a', ms: 5 },
        { name: 'slow', ms: 400 },
        { name: 'c', ms: 5 },
      ],
    });
    assert.deepEqual([...settled].sort(), ['a:ok', 'c:ok', 'slow:ok']);
    assert.ok(
      events.indexOf('start c') < events.indexOf('end slow'),
      `c waited for the slow task: ${events.join(', ')}`,
    );
  });

  it('reports a task that throws as a failure and goes on with the rest', async () => {
    const { settled } = await run({
      width: 2,
      jobs: [{ name: 'a', ms: 5, fail: true }, ...jobs('bcd', 5)],
    });
    assert.deepEqual([...settled].sort(), ['a:failed', 'b:ok', 'c:ok', 'd:ok']);
  });

  it('starts nothing more once told to stop, but still reports the tasks in flight', async () => {
    const { settled, executions } = await run({
      width: 2,
      jobs: [{ name: 'halt', ms: 0, stop: true }, { name: 'b', ms: 100 }, ...jobs('cde', 5)],
    });
    assert.deepEqual(settled, ['halt:ok', 'b:ok']);
    assert.equal(executions, 2);
  });

  it("carries an item's follow-up tasks on in its own slot, settling it once, after the last", async () => {
    const { settled, executions } = await run({
      width: 2,
      jobs: [{ name: 'long', ms: 5, parts: 3 }, ...jobs('bcd', 5)],
    });
    assert.deepEqual([...settled].sort(), ['b:ok', 'c:ok', 'd:ok', 'long:ok']);
    assert.equal(executions, 6);
    assert.equal(maxInFlight, 2);
    assert.ok(
      events.indexOf('end long') < events.indexOf('start long#2') &&
        events.indexOf('end long#2') < events.indexOf('start long#3'),
      `the parts overlapped: ${events.join(', ')}`,
    );
  });
});
