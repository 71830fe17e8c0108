import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

import type * as AzureFunctions from '@azure/functions';

import { FunctionRegistry } from '../../../../local/host/core/FunctionRegistry.js';
import {
  activateRegistry,
  installCoreModule,
  type CoreLogCategory,
  type CoreLogLevel,
} from '../../../../local/host/core/installCoreModule.js';

const require = createRequire(import.meta.url);

describe('installCoreModule', () => {
  it('serves @azure/functions-core so app.* registrations reach the active registry', () => {
    const api = installCoreModule();
    assert.equal(installCoreModule(), api);
    assert.equal(require('@azure/functions-core'), api);

    const registry = new FunctionRegistry();
    const logs: [CoreLogLevel, CoreLogCategory, string][] = [];
    const deactivate = activateRegistry(registry, (...entry) => logs.push(entry));
    try {
      const { app } = require('@azure/functions') as typeof AzureFunctions;
      const handler = () => ({ body: 'hi' });
      app.get('hello', { route: 'greet/{name}', handler });
      app.hook.appStart(() => {});
      api.log('warning', 'system', 'careful');

      const [hello] = registry.functions;
      assert.equal(hello?.name, 'hello');
      assert.equal(hello.handler, handler);
      assert.deepEqual(
        Object.values(hello.bindings).map(({ name: _name, ...binding }) => binding),
        [
          {
            type: 'httpTrigger',
            direction: 'in',
            route: 'greet/{name}',
            methods: ['GET'],
            authLevel: 'anonymous',
            properties: { supportsDeferredBinding: 'false' },
          },
          { type: 'http', direction: 'out' },
        ],
      );
      assert.equal(registry.hooks('appStart').length, 1);
      assert.notEqual(registry.programmingModel, undefined);
      assert.deepEqual(logs, [['warning', 'system', 'careful']]);
    } finally {
      deactivate();
    }
  });

  it('refuses a second active app and fails core calls when none is active', () => {
    const api = installCoreModule();
    const deactivate = activateRegistry(new FunctionRegistry(), () => {});
    assert.throws(() => activateRegistry(new FunctionRegistry(), () => {}), {
      code: 'ERR_HOST_ALREADY_RUNNING',
    });
    deactivate();
    assert.throws(() => api.getProgrammingModel(), {
      code: 'ERR_HOST_NO_ACTIVE_APP',
      message: '"@azure/functions-core" was used while no local host was running an app.',
    });
  });
});
