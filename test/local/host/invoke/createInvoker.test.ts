import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { InvocationContext } from '@azure/functions';

import { createLogFilter, type LogFilter } from '../../../../local/host/app/createLogFilter.js';
import type { HostLog } from '../../../../local/host/contracts.js';
import { FunctionRegistry } from '../../../../local/host/core/FunctionRegistry.js';
import { createInvoker } from '../../../../local/host/invoke/createInvoker.js';

const UUID = '[0-9a-f-]{36}';

function setup(handler: (...args: unknown[]) => unknown, logFilter?: LogFilter) {
  const registry = new FunctionRegistry();
  registry.registerFunction(
    {
      name: 'worker',
      bindings: {
        trigger: { type: 'activityTrigger', direction: 'in', name: 'trigger' },
        client: { type: 'durableClient', direction: 'in', name: 'client' },
        queued: { type: 'queue', direction: 'out', name: 'queued', queueName: 'q' },
      },
    },
    handler,
  );
  const lines: string[] = [];
  const log: HostLog = (level, message) => lines.push(`${level}: ${message}`);
  const invoke = createInvoker({
    registry,
    log,
    ...(logFilter ? { logFilter } : {}),
  });
  return { registry, lines, invoke };
}

describe('createInvoker', () => {
  it('passes the trigger input and a fresh context with options and the durable client input', async () => {
    const contexts: InvocationContext[] = [];
    const { invoke } = setup((input, context) => {
      const ctx = context as InvocationContext;
      contexts.push(ctx);
      return { input, client: ctx.extraInputs.get('client') };
    });
    assert.deepEqual(await invoke('WORKER', 'x'), { input: 'x', client: undefined });
    assert.deepEqual(await invoke('worker', 'y', { durableClientInput: { from: 'engine' } }), {
      input: 'y',
      client: { from: 'engine' },
    });
    const [first, second] = contexts;
    assert.notEqual(first, second);
    assert.notEqual(first?.invocationId, second?.invocationId);
    assert.equal(first?.functionName, 'worker');
    assert.deepEqual(first?.options, {
      trigger: { type: 'activityTrigger', direction: 'in', name: 'trigger' },
      return: undefined,
      extraInputs: [{ type: 'durableClient', direction: 'in', name: 'client' }],
      extraOutputs: [{ type: 'queue', direction: 'out', name: 'queued', queueName: 'q' }],
    });
  });

  it('logs Executing/Executed with one invocation id and prefixes context logs', async () => {
    const { invoke, lines } = setup((_input, context) => {
      const ctx = context as InvocationContext;
      ctx.log('hello', { n: 1 });
      ctx.warn('careful');
      ctx.debug('hidden');
    });
    await invoke('worker', null, { reason: 'Because' });
    assert.equal(lines.length, 4);
    const id = new RegExp(
      `^info: Executing 'Functions\\.worker' \\(Reason='Because', Id=(${UUID})\\)$`,
    ).exec(lines[0] ?? '')?.[1];
    assert.ok(id);
    assert.deepEqual(lines.slice(1, 3), [
      'info: [worker] hello { n: 1 }',
      'warn: [worker] careful',
    ]);
    assert.match(
      lines[3] ?? '',
      new RegExp(
        `^info: Executed 'Functions\\.worker' \\(Succeeded, Id=${id}, Duration=\\d+ms\\)$`,
      ),
    );
  });

  // The Functions host filters user logs by category and level (Information by default), so
  // context.debug and context.trace appear once host.json logging.logLevel lets them through.
  it('shows context.debug and context.trace when the log level allows them', async () => {
    const verbose = createLogFilter({
      'Function.worker': 'Warning',
      'Function.worker.User': 'Trace',
    });
    const { invoke, lines } = setup((_input, context) => {
      const ctx = context as InvocationContext;
      ctx.trace('step', 1);
      ctx.debug('detail');
    }, verbose);
    await invoke('worker', null);
    assert.deepEqual(lines, ['info: [worker] step 1', 'info: [worker] detail']);
  });

  it('shows only what the log levels let through, by function and user category', async () => {
    const quiet = createLogFilter({ Function: 'Warning', 'Function.worker.User': 'Error' });
    const { invoke, lines } = setup((_input, context) => {
      const ctx = context as InvocationContext;
      ctx.warn('careful');
      ctx.error('bad');
    }, quiet);
    await invoke('worker', null);
    assert.deepEqual(lines, ['error: [worker] bad']);

    const failing = setup(() => {
      throw new Error('broken');
    }, quiet);
    await assert.rejects(failing.invoke('worker', null));
    assert.equal(failing.lines.length, 2);
    assert.match(failing.lines[0] ?? '', /^error: Executed 'Functions\.worker' \(Failed/);
  });

  it('rejects with the handler error and logs the failure', async () => {
    const failure = new Error('broken');
    const { invoke, lines } = setup(() => {
      throw failure;
    });
    await assert.rejects(invoke('worker', null), (error) => error === failure);
    assert.match(lines[0] ?? '', /^info: Executing 'Functions\.worker' \(Reason='\(null\)', Id=/);
    assert.match(
      lines[1] ?? '',
      /^error: Executed 'Functions\.worker' \(Failed, Id=.*, Duration=\d+ms\)$/,
    );
    assert.match(
      lines[2] ?? '',
      /^error: Exception while executing function: Functions\.worker\. Error: broken\n/,
    );
  });

  it('runs pre/post hooks that can swap the handler, inputs, result and error', async () => {
    const { invoke, registry } = setup(() => 'original');
    const seen: string[] = [];
    registry.registerHook('preInvocation', (context) => {
      const pre = context as {
        inputs: unknown[];
        functionCallback: unknown;
        hookData: Record<string, unknown>;
      };
      pre.hookData.mark = 'from pre';
      pre.inputs = ['replaced input'];
      pre.functionCallback = (input: unknown) => {
        if (input === 'fail') throw new Error('swallowed');
        return `replaced handler got ${String(input)}`;
      };
    });
    registry.registerHook('postInvocation', (context) => {
      const post = context as {
        result: unknown;
        error: unknown;
        hookData: Record<string, unknown>;
      };
      seen.push(`${String(post.hookData.mark)} / ${String(post.result)} / ${String(post.error)}`);
      post.result = `${String(post.result)} (post)`;
    });
    assert.equal(await invoke('worker', 'x'), 'replaced handler got replaced input (post)');
    assert.deepEqual(seen, ['from pre / replaced handler got replaced input / null']);
  });

  it('lets log hooks rewrite user log lines', async () => {
    const { invoke, registry, lines } = setup((_input, context) =>
      (context as InvocationContext).log('secret=1'),
    );
    registry.registerHook('log', (context) => {
      const entry = context as { message: string; category: string };
      if (entry.category === 'user')
        entry.message = entry.message.replace(/secret=\S+/, 'secret=***');
    });
    await invoke('worker', null);
    assert.equal(lines[1], 'info: [worker] secret=***');
  });

  it('rejects an unknown function name', async () => {
    await assert.rejects(setup(() => 1).invoke('missing', null), {
      code: 'ERR_HOST_UNKNOWN_FUNCTION',
      message: 'No function named "missing" is registered.',
    });
  });
  describe('storage binding hooks', () => {
    function setupStorage(handler: (...args: unknown[]) => unknown) {
      const registry = new FunctionRegistry();
      registry.registerFunction(
        {
          name: 'copy',
          bindings: {
            trigger: { type: 'queueTrigger', direction: 'in', name: 'trigger', queueName: 'q' },
            source: { type: 'blob', direction: 'in', name: 'source', path: 'in/{name}' },
            target: { type: 'blob', direction: 'out', name: 'target', path: 'out/{name}' },
            $return: { type: 'queue', direction: 'out', name: '$return', queueName: 'done' },
          },
        },
        handler,
      );
      const lines: string[] = [];
      const invoke = createInvoker({ registry, log: (level, m) => lines.push(`${level}: ${m}`) });
      return { invoke, lines };
    }

    it('sets input values and trigger metadata, and hands over outputs and a storage $return before Executed', async () => {
      const { invoke, lines } = setupStorage((_input, context) => {
        const ctx = context as InvocationContext;
        ctx.extraOutputs.set('target', `copied ${String(ctx.extraInputs.get('source'))}`);
        return { dequeueCount: ctx.triggerMetadata?.dequeueCount };
      });
      const handed: unknown[] = [];
      const result = await invoke('copy', 'msg', {
        extraInputs: { source: 'bytes' },
        triggerMetadata: { dequeueCount: 2 },
        onExtraOutputs: (outputs) => {
          handed.push(outputs, lines.length);
        },
      });
      assert.deepEqual(result, { dequeueCount: 2 });
      assert.deepEqual(handed, [{ target: 'copied bytes', $return: { dequeueCount: 2 } }, 1]);
      assert.match(lines[1] ?? '', /^info: Executed 'Functions\.copy' \(Succeeded/);
    });

    it('fails the invocation when writing the outputs fails', async () => {
      const { invoke, lines } = setupStorage(() => 'ok');
      await assert.rejects(
        invoke('copy', 'msg', {
          onExtraOutputs: () => Promise.reject(new Error('Error while handling parameter')),
        }),
        { message: 'Error while handling parameter' },
      );
      assert.match(lines[1] ?? '', /^error: Executed 'Functions\.copy' \(Failed/);
    });
  });
});
