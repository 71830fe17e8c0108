import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { BearerAuthenticatorOptions } from '../../../server-app/auth/createBearerAuthenticator.js';
import { resolveBearerOptions } from '../../../server-app/auth/resolveBearerOptions.js';
import { silentLogger } from '../../../shared/logging/Logger.js';

const TENANT = '7d3f6a1e-2b4c-4e5f-9a8b-1c2d3e4f5a6b';
const API = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

const base: BearerAuthenticatorOptions = {
  tenantId: TENANT,
  clientId: API,
  authorityHost: 'https://login.microsoftonline.com',
  allowedClients: [],
  logger: silentLogger,
};

describe('resolveBearerOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveBearerOptions(base);
    assert.deepEqual(
      { ...resolved, logger: undefined, now: undefined, fetch: undefined, deadline: undefined },
      {
        tenantId: TENANT,
        allowedTenants: [TENANT],
        clientId: API,
        authorityHost: 'https://login.microsoftonline.com',
        allowedClients: new Set(),
        requiredRole: 'Orders.Read',
        requireIdtyp: false,
        logger: undefined,
        now: undefined,
        fetch: undefined,
        clockToleranceSeconds: 60,
        cacheSize: 1000,
        fetchTimeoutMs: 5000,
        refreshIntervalMs: 12 * 3600_000,
        keyRefetchCooldownMs: 300_000,
        failureBackoffMs: 10_000,
        faultLogIntervalMs: 60_000,
        deadline: undefined,
      },
    );
    assert.ok(resolved.deadline(1000) instanceof AbortSignal);
    assert.equal(resolved.now, Date.now);
    assert.equal(resolved.fetch, globalThis.fetch);
    assert.ok(Object.isFrozen(resolved));
  });

  it('accepts a loopback http authority for a local issuer', () => {
    for (const authorityHost of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9']) {
      assert.equal(resolveBearerOptions({ ...base, authorityHost }).authorityHost, authorityHost);
    }
  });

  it('names the offending option', () => {
    const cases: [Partial<BearerAuthenticatorOptions>, RegExp][] = [
      [{ tenantId: TENANT.toUpperCase() }, /^"tenantId" option must be a lowercase GUID$/],
      [{ tenantId: 'contoso.onmicrosoft.com' }, /"tenantId"/],
      [{ clientId: `api://${API}` }, /^"clientId" option must be a lowercase GUID$/],
      [{ authorityHost: 'https://login.microsoftonline.com/' }, /^"authorityHost" option/],
      [{ authorityHost: 'https://login.microsoftonline.com/tenant' }, /"authorityHost"/],
      [{ authorityHost: 'http://login.microsoftonline.com' }, /"authorityHost"/],
      [{ authorityHost: 'login.microsoftonline.com' }, /"authorityHost"/],
      [{ allowedClients: ['client-app'] }, /^"allowedClients" option must hold lowercase GUIDs/],
      [{ allowedTenants: [] }, /^"allowedTenants" option must hold lowercase GUIDs/],
      [{ allowedTenants: ['common'] }, /"allowedTenants"/],
      [{ requiredRole: '' }, /^"requiredRole" option must not be empty$/],
      [
        { clockToleranceSeconds: 301 },
        /^"clockToleranceSeconds" option must be an integer from 0 to 300$/,
      ],
      [{ cacheSize: -1 }, /^"cacheSize" option must be an integer from 0 to Infinity$/],
      [{ fetchTimeoutMs: 1.5 }, /"fetchTimeoutMs"/],
    ];
    for (const [override, message] of cases) {
      assert.throws(
        () => resolveBearerOptions({ ...base, ...override }),
        (error: unknown) => error instanceof TypeError && message.test(error.message),
        JSON.stringify(override),
      );
    }
  });
});
