import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { FunctionRegistry } from '../../local/host/core/FunctionRegistry.js';
import { activateRegistry, installCoreModule } from '../../local/host/core/installCoreModule.js';
import { registerServerApp } from '../../server-app/registerServerApp.js';
import { ConfigurationError } from '../../shared/config/ConfigurationError.js';

// The local host's core module stands in for the Functions worker, so registrations are observable.
let registry: FunctionRegistry;
let deactivate: () => void;

before(() => {
  installCoreModule();
  registry = new FunctionRegistry();
  deactivate = activateRegistry(registry, () => {});
});

after(() => deactivate());

const SETTINGS = {
  AZURE_TENANT_ID: '11111111-2222-3333-4444-555555555555',
  ORDERS_API_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  ORDERS_STORAGE: 'UseDevelopmentStorage=true',
};

describe('registerServerApp', () => {
  it('fails at startup naming every bad setting, registering nothing', () => {
    assert.throws(
      () => registerServerApp({ AZURE_TENANT_ID: 'contoso', ORDERS_API_MAX_PAGE_SIZE: '5000' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigurationError);
        assert.deepEqual(
          error.problems.map((p) => p.setting),
          ['AZURE_TENANT_ID', 'ORDERS_API_CLIENT_ID', 'ORDERS_API_MAX_PAGE_SIZE', 'ORDERS_STORAGE'],
        );
        return true;
      },
    );
    assert.deepEqual(registry.functions, []);
  });

  it('registers GET-only anonymous routes for orders, partitions and health', async () => {
    registerServerApp(SETTINGS);
    const triggers = registry.functions.map((f) => ({
      name: f.name,
      trigger: Object.values(f.bindings).find((b) => b.type === 'httpTrigger'),
    }));
    assert.deepEqual(
      triggers.map(({ name, trigger }) => [
        name,
        trigger?.route,
        trigger?.methods,
        trigger?.authLevel,
      ]),
      [
        ['orders', 'orders', ['GET'], 'anonymous'],
        ['orderPartitions', 'orders/partitions', ['GET'], 'anonymous'],
        ['health', 'health', ['GET'], 'anonymous'],
      ],
    );
    // The tenant check (not run here: it would go to the network; see issuerStartupCheck.test).
    assert.equal(registry.hooks('appStart').length, 1);
    const health = registry.functions.find((f) => f.name === 'health');
    assert.deepEqual(await health?.handler(), {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      body: '{"status":"ok"}',
    });
  });
});
