import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import type { TenantConfig } from '../../../local/identity/readTenantConfig.js';
import { routeIdentityRequest } from '../../../local/identity/routeIdentityRequest.js';
import { loadTenant } from './loadTenant.js';

const TID = 'd06a47d6-28da-4cfb-b94e-b85a694580a3';
const RESOURCE_TID = '3e27b06f-7661-445e-abf3-dc39bf9a8ab0';

describe('routeIdentityRequest', () => {
  let tenant: TenantConfig;
  before(async () => {
    tenant = await loadTenant();
  });

  it("maps Entra's paths and the managed-identity path to endpoints", () => {
    const cases: [string, string, string, unknown][] = [
      ['issuer', 'GET', `/${TID}/v2.0/.well-known/openid-configuration`, ['discovery', 'v2']],
      ['issuer', 'GET', `/${TID}/.well-known/openid-configuration`, ['discovery', 'v1']],
      ['issuer', 'GET', `/${TID}/discovery/v2.0/keys`, ['keys', 'v2']],
      ['issuer', 'GET', `/${TID}/discovery/keys`, ['keys', 'v1']],
      ['issuer', 'POST', `/${TID}/oauth2/v2.0/token`, ['token', 'v2']],
      ['managedIdentity', 'GET', '/msi/token/', ['managedIdentity', 'v1']],
    ];
    for (const [server, method, pathname, expected] of cases) {
      const route = routeIdentityRequest(server as 'issuer', method, pathname, [tenant]);
      assert.deepEqual(
        route.kind === 'endpoint' ? [route.endpoint, route.version] : route,
        expected,
      );
    }
  });

  it('answers other paths and methods with notFound, other tenants with AADSTS90002', () => {
    assert.deepEqual(routeIdentityRequest('issuer', 'GET', `/${TID}/oauth2/v2.0/token`, [tenant]), {
      kind: 'notFound',
    });
    assert.deepEqual(routeIdentityRequest('managedIdentity', 'GET', '/token', [tenant]), {
      kind: 'notFound',
    });
    const other = routeIdentityRequest('issuer', 'GET', '/common/discovery/v2.0/keys', [tenant]);
    assert.equal(other.kind === 'error' ? other.error.aadsts : 0, 90002);
  });

  it("routes each local tenant's paths to that tenant; the managed identity is the home tenant's", () => {
    const second = { ...tenant, tenantId: RESOURCE_TID };
    const route = (server: 'issuer' | 'managedIdentity', pathname: string) => {
      const found = routeIdentityRequest(server, 'GET', pathname, [tenant, second]);
      return found.kind === 'endpoint' ? found.tenantId : found.kind;
    };
    assert.deepEqual(
      [
        route('issuer', `/${RESOURCE_TID}/discovery/v2.0/keys`),
        route('issuer', `/${TID}/discovery/v2.0/keys`),
        route('managedIdentity', '/msi/token'),
      ],
      [RESOURCE_TID, TID, TID],
    );
  });
});
