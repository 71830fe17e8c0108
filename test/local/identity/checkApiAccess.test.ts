import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { checkApiAccess } from '../../../local/identity/checkApiAccess.js';
import type { TenantConfig } from '../../../local/identity/readTenantConfig.js';
import { loadTenant } from './loadTenant.js';

const API = '27991dac-f89f-4062-8147-2c3296fcdd42';
const assigned = { displayName: 'a', clientId: 'c1', assignedRoles: ['Orders.Read'] };
const unassigned = { displayName: 'u', clientId: 'c2', assignedRoles: [] };

describe('checkApiAccess', () => {
  let tenant: TenantConfig;
  before(async () => {
    tenant = await loadTenant();
  });

  it('grants the assigned application roles for the App ID URI or the client id', () => {
    assert.deepEqual(checkApiAccess(tenant, assigned, `api://${API}`), ['Orders.Read']);
    assert.deepEqual(checkApiAccess(tenant, assigned, API.toUpperCase()), ['Orders.Read']);
    assert.deepEqual(checkApiAccess(tenant, unassigned, `api://${API}/`), []);
  });

  it('refuses an unknown resource with AADSTS500011', () => {
    assert.throws(() => checkApiAccess(tenant, assigned, 'api://other'), {
      name: 'EntraError',
      status: 400,
      error: 'invalid_resource',
      aadsts: 500011,
    });
  });

  it('refuses a principal without assignment when assignment is required (AADSTS501051)', () => {
    const strict = { ...tenant, api: { ...tenant.api, appRoleAssignmentRequired: true } };
    assert.throws(() => checkApiAccess(strict, unassigned, `api://${API}`), {
      name: 'EntraError',
      status: 400,
      error: 'invalid_grant',
      aadsts: 501051,
      message: `AADSTS501051: Application 'c2'(u) is not assigned to a role for the application 'api://${API}'(orders-api).`,
    });
  });
});
