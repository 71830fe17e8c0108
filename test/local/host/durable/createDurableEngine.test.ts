import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import df, { type DurableOrchestrationStatus, type OrchestrationContext } from 'durable-functions';

import { VirtualClock } from '../../../../local/host/clock/VirtualClock.js';
import { registerApp, startHarness, type Harness } from './support/durableHarness.js';

const HOUR = 3_600_000;
const attempts = new Map<string, number>();

function countAttempt(key: string): number {
  const n = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, n);
  return n;
}

const registry = registerApp(() => {
  df.app.activity('sayHello', { handler: (city: string) => `Hello ${city}` });
  df.app.activity('getWorkItems', {
    handler: (count: number) => Array.from({ length: count }, (_, i) => i + 1),
  });
  df.app.activity('double', { handler: (n: number) => n * 2 });
  df.app.activity('flaky', {
    handler: (input: { key: string; failures: number }) => {
      const attempt = countAttempt(input.key);
      if (attempt <= input.failures) throw new Error(`boom ${attempt}`);
      return `ok after ${attempt}`;
    },
  });

  df.app.orchestration('helloSequence', function* (context: OrchestrationContext) {
    const outputs: unknown[] = [];
    outputs.push(yield context.df.callActivity('sayHello', 'Tokyo'));
    outputs.push(yield context.df.callActivity('sayHello', 'Seattle'));
    outputs.push(yield context.df.callActivity('sayHello', 'Cairo'));
    return outputs;
  });

  df.app.orchestration('fanOutFanIn', function* (context: OrchestrationContext) {
    const items = (yield context.df.callActivity(
      'getWorkItems',
      context.df.getInput(),
    )) as number[];
    const results = (yield context.df.Task.all(
      items.map((n) => context.df.callActivity('double', n)),
    )) as number[];
    return results.reduce((sum, n) => sum + n, 0);
  });

  df.app.orchestration('child', function* (context: OrchestrationContext) {
    const name = context.df.getInput<string>();
    return (yield context.df.callActivity('sayHello', name)) as string;
  });
  df.app.orchestration('parent', function* (context: OrchestrationContext) {
    const first = (yield context.df.callSubOrchestrator('child', 'Oslo')) as string;
    const both = (yield context.df.Task.all([
      context.df.callSubOrchestrator('child', 'Lima', `${context.df.instanceId}-lima`),
      context.df.callSubOrchestrator('child', 'Rome'),
    ])) as string[];
    return [first, both];
  });

  df.app.orchestration('retrying', function* (context: OrchestrationContext) {
    const input = context.df.getInput<{ key: string; failures: number; max: number }>();
    const retry = new df.RetryOptions(60_000, input.max);
    retry.backoffCoefficient = 2;
    try {
      return (yield context.df.callActivityWithRetry('flaky', retry, input)) as string;
    } catch (error) {
      return `gave up: ${(error as Error).message.split('\n')[0]}`;
    }
  });

  df.app.orchestration('raceTimer', function* (context: OrchestrationContext) {
    const deadline = new Date(context.df.currentUtcDateTime.getTime() + HOUR);
    const timeout = context.df.createTimer(deadline);
    const work = context.df.callActivity('sayHello', 'race');
    const winner = (yield context.df.Task.any([work, timeout])) as unknown;
    if (winner === work) {
      timeout.cancel();
      return work.result;
    }
    return 'timed out';
  });

  df.app.orchestration('approval', function* (context: OrchestrationContext) {
    context.df.setCustomStatus({ stage: 'waiting' });
    const approval = (yield context.df.waitForExternalEvent('Approval')) as { by: string };
    context.df.setCustomStatus({ stage: 'approved' });
    return `approved by ${approval.by}`;
  });

  df.app.orchestration('counter', function* (context: OrchestrationContext) {
    const n = context.df.getInput<number>();
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 1000));
    if (n < 3) {
      context.df.continueAsNew(n + 1);
      return undefined;
    }
    return n;
  });

  df.app.orchestration('eternalAdder', function* (context: OrchestrationContext) {
    const total = context.df.getInput<number>();
    const event = (yield context.df.waitForExternalEvent('add')) as number | null;
    if (event === null) return total;
    context.df.continueAsNew(total + event);
    return undefined;
  });

  df.app.orchestration('longWait', function* (context: OrchestrationContext) {
    const startedAt = context.df.currentUtcDateTime.getTime();
    yield context.df.createTimer(new Date(startedAt + 6 * HOUR));
    const retry = new df.RetryOptions(10 * 60_000, 4);
    retry.backoffCoefficient = 2;
    const result = (yield context.df.callActivityWithRetry('flaky', retry, {
      key: 'longWait',
      failures: 3,
    })) as string;
    return { result, elapsedMs: context.df.currentUtcDateTime.getTime() - startedAt };
  });

  df.app.orchestration('retryMix', function* (context: OrchestrationContext) {
    const retry = new df.RetryOptions(1000, 4);
    const results = (yield context.df.Task.all([
      context.df.callActivityWithRetry('flaky', retry, { key: 'mixA', failures: 2 }),
      context.df.callActivity('double', 21),
      context.df.callActivityWithRetry('flaky', retry, { key: 'mixB', failures: 1 }),
      context.df.callSubOrchestratorWithRetry('flakyChild', retry, { key: 'mixC', failures: 1 }),
    ])) as unknown[];
    const last = (yield context.df.callActivity('double', 1)) as number;
    return [results, last];
  });

  df.app.orchestration('flakyChild', function* (context: OrchestrationContext) {
    return (yield context.df.callActivity('flaky', context.df.getInput())) as string;
  });

  df.app.entity('counterEntity', (context) => {
    context.df.setState(((context.df.getState() as number | undefined) ?? 0) + 1);
  });
  df.app.orchestration('usesEntity', function* (context: OrchestrationContext) {
    return (yield context.df.callEntity(new df.EntityId('counterEntity', 'k'), 'add')) as number;
  });

  df.app.orchestration('callsMissing', function* (context: OrchestrationContext) {
    return (yield context.df.callActivity('notRegistered')) as unknown;
  });

  let replays = 0;
  df.app.orchestration('nondeterministic', function* (context: OrchestrationContext) {
    // Picks a different activity on each replay, as Math.random() would.
    const first = replays++ % 2 === 0 ? 'sayHello' : 'double';
    yield context.df.callActivity(first, 1);
    return (yield context.df.callActivity('sayHello', 'again')) as string;
  });

  df.app.orchestration('failing', function* (context: OrchestrationContext) {
    yield context.df.callActivity('flaky', { key: 'failing', failures: 1 });
    return 'unreachable';
  });
});

describe('createDurableEngine', () => {
  let harness: Harness;
  let clock: VirtualClock;

  before(async () => {
    clock = new VirtualClock();
    harness = await startHarness(registry, { clock });
  });
  after(() => harness.close());

  async function run(name: string, input?: unknown): Promise<DurableOrchestrationStatus> {
    const id = await harness.client.startNew(name, input === undefined ? {} : { input });
    await harness.engine.waitForCompletion(id);
    return harness.client.getStatus(id);
  }

  it('runs a function chain and numbers tasks like the SDK', async () => {
    const id = await harness.client.startNew('helloSequence');
    await harness.engine.waitForCompletion(id);
    const status = await harness.client.getStatus(id, {
      showHistory: true,
      showHistoryOutput: true,
    });
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, ['Hello Tokyo', 'Hello Seattle', 'Hello Cairo']);
    const completions = (status.history ?? []).filter(
      (e) => (e as { EventType: string }).EventType === 'TaskCompleted',
    );
    assert.deepEqual(
      completions.map((e) => (e as { Result: unknown }).Result),
      ['Hello Tokyo', 'Hello Seattle', 'Hello Cairo'],
    );
  });

  it('fans out and in, delivering ready completions in few episodes', async () => {
    const before = harness.engine.stats.episodes;
    const status = await run('fanOutFanIn', 50);
    assert.equal(status.runtimeStatus, 'Completed');
    assert.equal(status.output, 2 * ((50 * 51) / 2));
    assert.ok(
      harness.engine.stats.episodes - before <= 6,
      `episodes: ${harness.engine.stats.episodes - before}`,
    );
  });

  it('runs sub-orchestrations, with and without instance ids', async () => {
    const status = await run('parent');
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, ['Hello Oslo', ['Hello Lima', 'Hello Rome']]);
    const child = await harness.client.getStatus(`${status.instanceId}-lima`);
    assert.equal(child.runtimeStatus, 'Completed');
    assert.equal(child.name, 'child');
  });

  it('retries an activity until it succeeds', async () => {
    const status = await run('retrying', { key: 'succeeds', failures: 2, max: 5 });
    assert.equal(status.output, 'ok after 3');
    assert.equal(attempts.get('succeeds'), 3);
  });

  it('retries an activity until the attempts are exhausted and the orchestrator catches it', async () => {
    const status = await run('retrying', { key: 'exhausted', failures: 99, max: 3 });
    assert.equal(status.runtimeStatus, 'Completed');
    assert.equal(status.output, "gave up: Activity function 'flaky' failed: boom 3 ");
    assert.equal(attempts.get('exhausted'), 3);
  });

  it('numbers interleaved retries, activities and sub-orchestrations like the SDK', async () => {
    const status = await run('retryMix');
    assert.equal(status.runtimeStatus, 'Completed');
    assert.deepEqual(status.output, [['ok after 3', 42, 'ok after 2', 'ok after 2'], 2]);
  });

  it('races a timer against an activity and cancels the timer', async () => {
    const startedAt = clock.now();
    const status = await run('raceTimer');
    assert.equal(status.output, 'Hello race');
    assert.ok(clock.now() - startedAt < HOUR, 'the cancelled timer must not have fired');
    assert.equal(clock.pendingSleeps, 0);
  });

  it('waits for an external event and reports custom status', async () => {
    const id = await harness.client.startNew('approval');
    const waiting = await harness.client.getStatus(id);
    assert.ok(['Pending', 'Running'].includes(waiting.runtimeStatus));
    await harness.client.raiseEvent(id, 'Approval', { by: 'ops' });
    await harness.engine.waitForCompletion(id);
    const status = await harness.client.getStatus(id);
    assert.equal(status.output, 'approved by ops');
    assert.deepEqual(status.customStatus, { stage: 'approved' });
  });

  it('continues as new with a fresh history', async () => {
    const id = await harness.client.startNew('counter', { input: 0 });
    await harness.engine.waitForCompletion(id);
    const status = await harness.client.getStatus(id, { showHistory: true });
    assert.equal(status.output, 3);
    assert.deepEqual(status.input, 3);
    const starts = (status.history ?? []).filter(
      (e) => (e as { EventType: string }).EventType === 'ExecutionStarted',
    );
    assert.equal(starts.length, 1);
  });

  it('carries raised events nobody waited for into the next execution', async () => {
    const id = await harness.client.startNew('eternalAdder', { input: 0 });
    // Raised back to back: they may reach one execution, which consumes only the first.
    await Promise.all([
      harness.client.raiseEvent(id, 'add', 1),
      harness.client.raiseEvent(id, 'add', 2),
      harness.client.raiseEvent(id, 'add', 3),
    ]);
    await harness.client.raiseEvent(id, 'add', null);
    await harness.engine.waitForCompletion(id);
    assert.equal((await harness.client.getStatus(id)).output, 6);
  });

  it('completes a six-hour timer and retry back-offs on virtual time', async () => {
    const status = await run('longWait');
    assert.deepEqual(status.output, {
      result: 'ok after 4',
      elapsedMs: 6 * HOUR + (10 + 20 + 40) * 60_000,
    });
  });

  it("fails the orchestration with the extension's reason and logs it", async () => {
    const status = await run('failing');
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(
      String(status.output),
      /^Orchestrator function 'failing' failed: Activity function 'flaky' failed: boom 1 \n/,
    );
    assert.ok(
      harness.logs.some((line) =>
        line.startsWith(
          `error: Orchestration 'failing' (${status.instanceId}) failed: Orchestrator function 'failing' failed: Activity function 'flaky' failed: boom 1`,
        ),
      ),
    );
  });

  it('refuses to wait for an instance that does not exist', async () => {
    await assert.rejects(harness.engine.waitForCompletion('nobody'), {
      code: 'ERR_DURABLE_UNKNOWN_INSTANCE',
      message: "No orchestration instance 'nobody' exists in this task hub.",
    });
  });

  it('fails orchestrations that use durable entities with a clear error', async () => {
    const status = await run('usesEntity');
    assert.equal(status.runtimeStatus, 'Failed');
    assert.equal(
      status.output,
      "Orchestrator function 'usesEntity' failed: context.df.callEntity() is not supported by the local host yet (durable entities need the real Durable Functions extension).",
    );
    assert.ok(
      harness.logs.includes(
        'warn: Durable entities are not supported by the local host yet; ignoring counterEntity.',
      ),
    );
  });

  it('fails a task whose activity is not registered, as the extension does', async () => {
    const status = await run('callsMissing');
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(
      String(status.output),
      /^Orchestrator function 'callsMissing' failed: Activity function 'notRegistered' failed: The function 'notRegistered' doesn't exist, is disabled, or is not an activity function\. \n/,
    );
  });

  it('fails a non-deterministic orchestration instead of leaving it hanging', async () => {
    const status = await run('nondeterministic');
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(
      String(status.output),
      /^Orchestrator function 'nondeterministic' failed: Non-deterministic workflow detected: /,
    );
  });
});
