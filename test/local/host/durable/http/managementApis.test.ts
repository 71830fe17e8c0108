import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import df, { type OrchestrationContext } from 'durable-functions';

import { registerApp, startHarness, type Harness } from '../support/durableHarness.js';

const HOUR = 3_600_000;
let failNext = true;

const registry = registerApp(() => {
  df.app.activity('flaky', {
    handler: (input: string) => {
      if (failNext) {
        failNext = false;
        throw new Error('boom');
      }
      return `ok:${input}`;
    },
  });
  df.app.activity('echo', { handler: (input: unknown) => input });
  df.app.orchestration('callsFlaky', function* (context: OrchestrationContext) {
    const first = (yield context.df.callActivity('echo', 'a')) as string;
    const second = (yield context.df.callActivity('flaky', context.df.getInput())) as string;
    return [first, second];
  });
  df.app.orchestration('sleepsHours', function* (context: OrchestrationContext) {
    const hours = context.df.getInput<number>();
    const at = context.df.currentUtcDateTime.getTime() + hours * HOUR;
    yield context.df.createTimer(new Date(at));
    return `slept ${hours}`;
  });
  df.app.orchestration('waitsForGo', function* (context: OrchestrationContext) {
    return (yield context.df.waitForExternalEvent('go')) as unknown;
  });
});

// Each answer below is the one Azure/azure-functions-durable-extension's HttpApiHandler.cs gives
// (HandleRestartInstanceRequestAsync, HandleRewindInstanceRequestAsync,
// WaitForCompletionOrCreateCheckStatusResponseAsync, HandleGetStatusRequestAsync,
// HandleDeleteHistoryByIdRequestAsync, HandleDeleteHistoryWithFiltersRequestAsync).
describe('durable management APIs', () => {
  let harness: Harness;
  const api = (path: string): string => `${harness.origin}/runtime/webhooks/durabletask/${path}`;
  const post = (path: string): Promise<Response> => fetch(api(path), { method: 'POST' });

  before(async () => {
    harness = await startHarness(registry);
  });
  after(() => harness.close());

  it('restarts an instance under a new id by default and under its own id when asked', async () => {
    const id = await harness.client.startNew('sleepsHours', { instanceId: 'to-restart', input: 1 });
    await harness.engine.waitForCompletion(id);
    const fresh = await post('instances/to-restart/restart');
    assert.equal(fresh.status, 202);
    const body = (await fresh.json()) as { id: string; statusQueryGetUri: string };
    assert.notEqual(body.id, 'to-restart');
    assert.match(body.statusQueryGetUri, new RegExp(`/instances/${body.id}\\?`));
    const restarted = await harness.engine.waitForCompletion(body.id);
    assert.equal(restarted.input, '1');
    assert.equal(restarted.output, JSON.stringify('slept 1'));

    const same = await post('instances/to-restart/restart?restartWithNewInstanceId=false');
    assert.equal(((await same.json()) as { id: string }).id, 'to-restart');
    assert.equal((await harness.engine.waitForCompletion('to-restart')).runtimeStatus, 'Completed');

    const unknown = await post('instances/nobody/restart');
    assert.equal(unknown.status, 400);
    assert.equal(
      ((await unknown.json()) as { Message: string }).Message,
      'InstanceId does not match a valid orchestration instance.',
    );
  });

  it('rewinds a failed instance: the failed activity runs again and the instance completes', async () => {
    failNext = true;
    const id = await harness.client.startNew('callsFlaky', { instanceId: 'to-rewind', input: 'x' });
    assert.equal((await harness.engine.waitForCompletion(id)).runtimeStatus, 'Failed');
    await harness.client.rewind(id, 'try again');
    const done = await harness.engine.waitForCompletion(id);
    assert.equal(done.runtimeStatus, 'Completed');
    assert.equal(done.output, JSON.stringify(['a', 'ok:x']));
    const status = await harness.client.getStatus(id, { showHistory: true });
    const types = (status.history ?? []).map((e) => (e as { EventType: string }).EventType);
    assert.ok(types.includes('GenericEvent'), types.join());
    assert.ok(!types.includes('TaskFailed'), types.join());
  });

  it('answers rewind with 404 unknown, 410 completed and 500 running', async () => {
    assert.equal((await post('instances/nobody/rewind')).status, 404);
    assert.equal((await post('instances/to-restart/rewind')).status, 410);
    await harness.client.startNew('waitsForGo', { instanceId: 'rewind-running' });
    const running = await post('instances/rewind-running/rewind');
    assert.equal(running.status, 500);
    assert.equal(
      ((await running.json()) as { ExceptionMessage: string }).ExceptionMessage,
      'The rewind operation is only supported on failed orchestration instances.',
    );
    await harness.client.terminate('rewind-running', 'done');
  });

  it('create-and-wait answers 200 with the output when the instance ends within the timeout', async () => {
    // A 2-hour durable timer on the virtual clock, polled every 600 s within a 3-hour timeout.
    const response = await fetch(
      api('orchestrators/sleepsHours/wait-ok?timeout=10800&pollingInterval=600'),
      { method: 'POST', body: '2' },
    );
    assert.equal(response.status, 200);
    assert.equal(await response.json(), 'slept 2');
  });

  it('create-and-wait answers the check-status 202 once the timeout passes', async () => {
    const response = await fetch(
      api('orchestrators/sleepsHours/wait-late?timeout=60&pollingInterval=10'),
      { method: 'POST', body: '5' },
    );
    assert.equal(response.status, 202);
    const body = (await response.json()) as { id: string; statusQueryGetUri: string };
    assert.equal(body.id, 'wait-late');
    assert.equal(response.headers.get('Location'), body.statusQueryGetUri);
    const bad = await fetch(api('orchestrators/sleepsHours/wait-bad?timeout=1&pollingInterval=5'), {
      method: 'POST',
      body: '1',
    });
    assert.equal(bad.status, 400);
  });

  it('lists only the instances whose id starts with instanceIdPrefix', async () => {
    await harness.client.startNew('waitsForGo', { instanceId: 'prefix-a1' });
    await harness.client.startNew('waitsForGo', { instanceId: 'prefix-a2' });
    await harness.client.startNew('waitsForGo', { instanceId: 'prefix-b1' });
    const response = await fetch(api('instances?instanceIdPrefix=prefix-a'));
    const ids = ((await response.json()) as { instanceId: string }[]).map((s) => s.instanceId);
    assert.deepEqual(ids.sort(), ['prefix-a1', 'prefix-a2']);
    for (const id of ['prefix-a1', 'prefix-a2', 'prefix-b1'])
      await harness.client.terminate(id, 'x');
  });

  it('purges a running instance by id (200, it stops) and refuses a filtered purge without createdTimeFrom', async () => {
    await harness.client.startNew('waitsForGo', { instanceId: 'purge-running' });
    const purged = await fetch(api('instances/purge-running'), { method: 'DELETE' });
    assert.equal(purged.status, 200);
    assert.deepEqual(await purged.json(), { instancesDeleted: 1 });
    assert.equal((await fetch(api('instances/purge-running'))).status, 404);
    assert.equal((await post('instances/purge-running/raiseEvent/go')).status, 404);

    const noFrom = await fetch(api('instances'), { method: 'DELETE' });
    assert.equal(noFrom.status, 400);
    assert.equal(await noFrom.json(), "Please provide value for 'createdTimeFrom' parameter.");
    const from = new Date(0).toISOString();
    const none = await fetch(api(`instances?createdTimeFrom=${from}&createdTimeTo=${from}`), {
      method: 'DELETE',
    });
    assert.equal(none.status, 404);
  });
});
