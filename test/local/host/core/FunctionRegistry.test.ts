import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FunctionRegistry } from '../../../../local/host/core/FunctionRegistry.js';
import { HostError } from '../../../../local/host/core/HostError.js';

const bindings = {
  trigger: { type: 'timerTrigger', direction: 'in', schedule: '0 * * * * *' },
} as const;
const handler = () => undefined;

describe('FunctionRegistry', () => {
  it('keeps registered functions with their bindings, retry options and handler', () => {
    const registry = new FunctionRegistry();
    registry.registerFunction(
      { name: 'tick', bindings, retryOptions: { maxRetryCount: 2 } },
      handler,
    );
    assert.deepEqual(registry.functions, [
      { name: 'tick', bindings, retryOptions: { maxRetryCount: 2 }, handler },
    ]);
    assert.equal(registry.get('TICK')?.name, 'tick');
  });

  it('rejects a duplicate name, case-insensitively', () => {
    const registry = new FunctionRegistry();
    registry.registerFunction({ name: 'tick', bindings }, handler);
    assert.throws(
      () => registry.registerFunction({ name: 'Tick', bindings }, handler),
      (error: unknown) =>
        error instanceof HostError &&
        error.code === 'ERR_HOST_DUPLICATE_FUNCTION' &&
        error.message ===
          'A function named "tick" is already registered; function names must be unique (case-insensitive). Rename "Tick".',
    );
  });

  it('rejects registrations and disposals after startup', () => {
    const registry = new FunctionRegistry();
    const disposable = registry.registerFunction({ name: 'tick', bindings }, handler);
    registry.lock();
    assert.throws(
      () => registry.registerFunction({ name: 'late', bindings }, handler),
      (error: unknown) =>
        error instanceof HostError &&
        error.code === 'ERR_HOST_REGISTRATION_CLOSED' &&
        error.message ===
          'Cannot accept function "late": functions can only be registered during app startup (while the entry files load).',
    );
    assert.throws(() => disposable.dispose(), { code: 'ERR_HOST_REGISTRATION_CLOSED' });
  });

  it('removes a function whose registration is disposed during startup', () => {
    const registry = new FunctionRegistry();
    registry.registerFunction({ name: 'tick', bindings }, handler).dispose();
    assert.deepEqual(registry.functions, []);
  });

  it('keeps hooks in order and removes disposed ones', () => {
    const registry = new FunctionRegistry();
    const first = () => 1;
    const second = () => 2;
    const disposable = registry.registerHook('preInvocation', first);
    registry.registerHook('preInvocation', second);
    assert.deepEqual(registry.hooks('preInvocation'), [first, second]);
    disposable.dispose();
    assert.deepEqual(registry.hooks('preInvocation'), [second]);
    assert.deepEqual(registry.hooks('appStart'), []);
  });

  it('rejects an unknown hook name', () => {
    assert.throws(() => new FunctionRegistry().registerHook('onBoot', handler), {
      code: 'ERR_HOST_UNKNOWN_HOOK',
      message:
        'Unrecognized hook "onBoot"; known hooks: appStart, appTerminate, preInvocation, postInvocation, log.',
    });
  });
});
