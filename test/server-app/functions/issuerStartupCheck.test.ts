import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { FunctionRegistry } from '../../../local/host/core/FunctionRegistry.js';
import { activateRegistry, installCoreModule } from '../../../local/host/core/installCoreModule.js';
import { registerIssuerStartupCheck } from '../../../server-app/functions/issuerStartupCheck.js';

let registry: FunctionRegistry;
let deactivate: () => void;

before(() => {
  installCoreModule();
  registry = new FunctionRegistry();
  deactivate = activateRegistry(registry, () => {});
});

after(() => deactivate());

describe('registerIssuerStartupCheck', () => {
  it('starts the check at appStart and returns at once, so a hung check cannot hold startup', () => {
    let started = 0;
    registerIssuerStartupCheck(() => {
      started += 1;
      return new Promise<void>(() => {});
    });
    const [appStart] = registry.hooks('appStart');
    assert.ok(appStart !== undefined);
    const returned: unknown = appStart({ hookData: {} });
    assert.equal(returned, undefined, 'nothing for the host to await');
    assert.equal(started, 1);
  });
});
