import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import azureFunctions from '@azure/functions';
import df, { type OrchestrationContext } from 'durable-functions';

import { registerApp, startHarness, type Harness } from '../support/durableHarness.js';

const registry = registerApp(() => {
  df.app.activity('echo', { handler: (input: unknown) => input });
  df.app.orchestration('echoTwice', function* (context: OrchestrationContext) {
    const first = (yield context.df.callActivity('echo', context.df.getInput())) as unknown;
    return [first, context.df.getInput()];
  });
  df.app.orchestration('waitForGo', function* (context: OrchestrationContext) {
    return (yield context.df.waitForExternalEvent('go')) as unknown;
  });
});

describe('handleDurableHttp', () => {
  let harness: Harness;
  let singleton: Harness;
  const api = (path: string): string => `${harness.origin}/runtime/webhooks/durabletask/${path}`;

  before(async () => {
    harness = await startHarness(registry);
    singleton = await startHarness(registry, {
      durableTaskConfig: {
        hubName: 'SingletonHub',
        overridableExistingInstanceStates: 'NonRunningStates',
      },
    });
  });
  after(async () => {
    await harness.close();
    await singleton.close();
  });

  it('starts instances with and without an id and reports status with history and input flags', async () => {
    const generated = await harness.client.startNew('echoTwice', { input: { n: 1 } });
    assert.match(generated, /^[0-9a-f]{32}$/);
    const id = await harness.client.startNew('echoTwice', { instanceId: 'fixed-1', input: 'x' });
    assert.equal(id, 'fixed-1');
    await harness.engine.waitForCompletion(id);

    const plain = await harness.client.getStatus(id);
    assert.equal(plain.runtimeStatus, 'Completed');
    assert.equal(plain.input, 'x');
    assert.deepEqual(plain.output, ['x', 'x']);
    assert.equal(plain.history, undefined);
    // The client only sends true flags; showInput=false comes from direct callers.
    const noInput = await fetch(api(`instances/${id}?showInput=false`));
    assert.equal(((await noInput.json()) as { input: unknown }).input, null);

    const full = await harness.client.getStatus(id, { showHistory: true, showHistoryOutput: true });
    assert.equal(full.input, 'x');
    assert.deepEqual(
      (full.history ?? []).map((e) => (e as { EventType: string }).EventType),
      ['ExecutionStarted', 'TaskCompleted', 'ExecutionCompleted'],
    );
    assert.deepEqual(
      (full.history ?? []).map((e) => (e as { Result?: unknown }).Result),
      [undefined, 'x', ['x', 'x']],
    );
  });

  it('answers the status URL with 202 and Location while running, 200 when done, 404 when unknown', async () => {
    const id = await harness.client.startNew('waitForGo', { instanceId: 'status-codes' });
    const request = new azureFunctions.HttpRequest({
      method: 'POST',
      url: `${harness.origin}/api/start`,
    });
    const check = harness.client.createCheckStatusResponse(request, id);
    assert.equal(check.status, 202);
    const location = check.headers.get('Location') ?? '';
    assert.equal(
      location,
      `${harness.origin}/runtime/webhooks/durabletask/instances/status-codes?taskHub=TestHubName&connection=Storage`,
    );

    const running = await fetch(location);
    assert.equal(running.status, 202);
    assert.equal(running.headers.get('Location'), location);
    assert.equal(running.headers.get('Retry-After'), '5');

    await harness.client.raiseEvent(id, 'go', { ok: true });
    await harness.engine.waitForCompletion(id);
    const done = await fetch(location);
    assert.equal(done.status, 200);
    const body = (await done.json()) as Record<string, unknown>;
    assert.equal(body['runtimeStatus'], 'Completed');
    assert.deepEqual(body['output'], { ok: true });
    assert.match(String(body['createdTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    assert.equal((await fetch(api('instances/nope'))).status, 404);
    assert.equal(
      (await fetch(api('instances/status-codes/raiseEvent/go'), { method: 'POST', body: '1' }))
        .status,
      410,
    );
    assert.equal(
      (await fetch(api('instances/status-codes/terminate'), { method: 'POST' })).status,
      410,
    );
    assert.equal((await fetch(api('instances/nope/terminate'), { method: 'POST' })).status, 404);
  });

  it('terminates a running instance', async () => {
    const id = await harness.client.startNew('waitForGo', { instanceId: 'to-terminate' });
    await harness.client.terminate(id, 'no longer needed');
    const status = await harness.client.getStatus(id);
    assert.equal(status.runtimeStatus, 'Terminated');
    assert.equal(status.output, 'no longer needed');
  });

  it('suspends and resumes an instance', async () => {
    const id = await harness.client.startNew('waitForGo', { instanceId: 'to-suspend' });
    await harness.client.suspend(id, 'pause');
    assert.equal((await harness.client.getStatus(id)).runtimeStatus, 'Suspended');
    await harness.client.raiseEvent(id, 'go', 'later');
    await harness.client.resume(id, 'continue');
    const final = await harness.engine.waitForCompletion(id);
    assert.equal(final.runtimeStatus, 'Completed');
    assert.equal((await harness.client.getStatus(id)).output, 'later');
  });

  it('lists instances by filter across continuation pages', async () => {
    for (let i = 0; i < 3; i++) {
      await harness.engine.waitForCompletion(
        await harness.client.startNew('echoTwice', { instanceId: `page-${i}`, input: i }),
      );
    }
    const response = await fetch(api('instances/?top=2&runtimeStatus=Completed'));
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as unknown[]).length, 2);
    assert.ok(response.headers.get('x-ms-continuation-token'));

    const all = await harness.client.getStatusBy({
      runtimeStatus: [df.OrchestrationRuntimeStatus.Completed],
    });
    const ids = all.map((s) => s.instanceId);
    for (const id of ['page-0', 'page-1', 'page-2', 'fixed-1']) assert.ok(ids.includes(id), id);
    assert.ok(all.every((s) => String(s.runtimeStatus) === 'Completed'));
  });

  it('purges a finished instance and answers 404 afterwards', async () => {
    const id = await harness.client.startNew('echoTwice', { instanceId: 'to-purge', input: 1 });
    await harness.engine.waitForCompletion(id);
    const result = await harness.client.purgeInstanceHistory(id);
    assert.equal(result.instancesDeleted, 1);
    assert.equal((await fetch(api('instances/to-purge'))).status, 404);
    assert.equal((await fetch(api('instances/to-purge'), { method: 'DELETE' })).status, 404);
  });

  it('refuses to start a running instance id again under NonRunningStates', async () => {
    await singleton.client.startNew('waitForGo', { instanceId: 'singleton' });
    const response = await fetch(
      `${singleton.origin}/runtime/webhooks/durabletask/orchestrators/waitForGo/singleton`,
      { method: 'POST' },
    );
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), {
      Message: 'Something went wrong while processing your request',
      ExceptionMessage: 'An Orchestration instance with the status Running already exists.',
      ExceptionType: 'DurableEngineError',
    });
    await singleton.client.terminate('singleton', 'done');
    assert.equal(
      await singleton.client.startNew('waitForGo', { instanceId: 'singleton' }),
      'singleton',
    );
    await singleton.client.terminate('singleton', 'done');
  });

  it('lets exactly one of several concurrent singleton starts win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        singleton.client.startNew('waitForGo', { instanceId: 'raced' }),
      ),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [
      'fulfilled',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    await singleton.client.terminate('raced', 'done');
  });

  it('rejects an unknown orchestrator with 400', async () => {
    const response = await fetch(api('orchestrators/missing'), { method: 'POST' });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      Message:
        "The function 'missing' doesn't exist, is disabled, or is not an orchestrator function.",
      ExceptionMessage:
        "The function 'missing' doesn't exist, is disabled, or is not an orchestrator function.",
      ExceptionType: 'DurableEngineError',
    });
  });

  it('answers bad JSON with 400 and unsupported routes with 501 or 404, rewinding a completed instance with 410', async () => {
    const badStart = await fetch(api('orchestrators/echoTwice'), { method: 'POST', body: '{nope' });
    assert.equal(badStart.status, 400);
    assert.deepEqual(await badStart.json(), { Message: 'Invalid JSON content' });
    const entity = await fetch(api('entities/counter/k'));
    assert.equal(entity.status, 501);
    assert.deepEqual(await entity.json(), {
      Message: 'Durable entities are not supported by the local host yet.',
    });
    // A Completed instance cannot be rewound: 410 (HttpApiHandler.HandleRewindInstanceRequestAsync).
    const rewind = await fetch(api('instances/fixed-1/rewind'), { method: 'POST' });
    assert.equal(rewind.status, 410);
    assert.equal((await fetch(api('unknown'))).status, 404);
    assert.equal((await fetch(api('orchestrators/echoTwice'))).status, 404);
  });
});
