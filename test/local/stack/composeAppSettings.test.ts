import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { composeAppSettings } from '../../../local/stack/composeAppSettings.js';

const file = {
  shownAs: 'client-app/local.settings.json',
  values: {
    ORDERS_STORAGE: 'UseDevelopmentStorage=true',
    AZURE_TENANT_ID: 'same-tenant',
    ORDERS_API_SCOPE: 'api://from-file/.default',
    ORDERS_SYNC_PAGE_SIZE: '500',
  },
  connectionStrings: { Extra: 'Server=x' },
  localHttpPort: 7071,
};
const defaults = {
  ORDERS_STORAGE: 'azurite',
  AZURE_TENANT_ID: 'same-tenant',
  ORDERS_API_SCOPE: 'api://stack/.default',
  ORDERS_API_CREDENTIAL: 'client-certificate',
};
const owned = ['ORDERS_STORAGE', 'AZURE_TENANT_ID'];

describe('composeAppSettings', () => {
  it('takes the file, names only the values the stack replaced, and fills in what the file lacks', () => {
    const { env, replaced } = composeAppSettings({
      defaults,
      owned,
      file,
      processEnv: {},
      port: 0,
    });
    assert.deepEqual(env, {
      ORDERS_STORAGE: 'azurite',
      AZURE_TENANT_ID: 'same-tenant',
      ORDERS_API_SCOPE: 'api://from-file/.default',
      ORDERS_API_CREDENTIAL: 'client-certificate',
      ORDERS_SYNC_PAGE_SIZE: '500',
      'ConnectionStrings:Extra': 'Server=x',
    });
    assert.deepEqual(replaced, ['ORDERS_STORAGE', 'Host.LocalHttpPort']);
  });

  it('lets the environment win over the file (left to the inherited env), but not over the stack', () => {
    const { env } = composeAppSettings({
      defaults,
      owned,
      file,
      processEnv: { ORDERS_SYNC_PAGE_SIZE: '50', ORDERS_STORAGE: 'from-env' },
      port: 7071,
    });
    assert.equal('ORDERS_SYNC_PAGE_SIZE' in env, false);
    assert.equal(env['ORDERS_STORAGE'], 'azurite');
  });

  it("names no port when the stack uses the file's own", () => {
    const { replaced } = composeAppSettings({
      defaults,
      owned: [],
      file,
      processEnv: {},
      port: 7071,
    });
    assert.deepEqual(replaced, []);
  });
});
