import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseTenantConfig } from '../../../local/identity/readTenantConfig.js';
import { loadTenant } from './loadTenant.js';

describe('readTenantConfig', () => {
  it("reads the repository's tenant with an unassigned client and identity", async () => {
    const tenant = await loadTenant();
    assert.equal(tenant.api.appRoles[0]?.value, 'Orders.Read');
    assert.ok(tenant.clients.some((c) => c.assignedRoles.length === 0));
    assert.ok(tenant.managedIdentities.some((m) => m.kind === 'system-assigned'));
  });
});

describe('parseTenantConfig', () => {
  it('names every problem, including roles the API does not define', async () => {
    const tenant = await loadTenant();
    const broken = {
      ...tenant,
      tenantId: 'not-a-guid',
      clients: [{ ...tenant.clients[0], assignedRoles: ['Orders.Write'] }],
    };
    assert.throws(() => parseTenantConfig(broken, 'broken.json'), {
      name: 'TenantConfigError',
      code: 'ERR_LOCAL_TENANT_CONFIG',
      message:
        'broken.json is invalid:\n  - tenantId: a lowercase GUID\n' +
        '  - (root): orders-daemon is assigned "Orders.Write", which api.appRoles does not define',
    });
  });
});
