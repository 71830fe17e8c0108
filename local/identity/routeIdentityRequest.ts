import { EntraError } from './EntraError.js';
import type { IdentityEndpoint } from './FaultInjector.js';
import type { TenantConfig } from './readTenantConfig.js';

export type IdentityRoute =
  | {
      readonly kind: 'endpoint';
      readonly endpoint: IdentityEndpoint;
      readonly version: 'v1' | 'v2';
      /** The tenant of the path segment (issuer) or the home tenant (managed identity). */
      readonly tenantId: string;
    }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'error'; readonly error: EntraError };

const ISSUER_ROUTES: readonly {
  method: string;
  pattern: RegExp;
  endpoint: IdentityEndpoint;
  version: 'v1' | 'v2';
}[] = [
  {
    method: 'GET',
    pattern: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
    endpoint: 'discovery',
    version: 'v2',
  },
  {
    method: 'GET',
    pattern: /^\/([^/]+)\/\.well-known\/openid-configuration$/,
    endpoint: 'discovery',
    version: 'v1',
  },
  {
    method: 'GET',
    pattern: /^\/([^/]+)\/discovery\/v2\.0\/keys$/,
    endpoint: 'keys',
    version: 'v2',
  },
  { method: 'GET', pattern: /^\/([^/]+)\/discovery\/keys$/, endpoint: 'keys', version: 'v1' },
  {
    method: 'POST',
    pattern: /^\/([^/]+)\/oauth2\/v2\.0\/token$/,
    endpoint: 'token',
    version: 'v2',
  },
];

/**
 * Maps a request to an endpoint of the issuer (Entra's paths under `/{tenant}/`, for each local
 * tenant) or of the managed-identity server (`/msi/token`, the home tenant's: the first of
 * `tenants`). A tenant segment naming no local tenant gets Entra's AADSTS90002.
 */
export function routeIdentityRequest(
  server: 'issuer' | 'managedIdentity',
  method: string,
  pathname: string,
  tenants: readonly [TenantConfig, ...TenantConfig[]],
): IdentityRoute {
  if (server === 'managedIdentity') {
    return method === 'GET' && /^\/msi\/token\/?$/.test(pathname)
      ? {
          kind: 'endpoint',
          endpoint: 'managedIdentity',
          version: 'v1',
          tenantId: tenants[0].tenantId,
        }
      : { kind: 'notFound' };
  }
  for (const route of ISSUER_ROUTES) {
    const match = route.pattern.exec(pathname);
    if (!match || route.method !== method) continue;
    const segment = decodeURIComponent(match[1] ?? '');
    const tenant = tenants.find((t) => t.tenantId === segment.toLowerCase());
    if (tenant === undefined) {
      return {
        kind: 'error',
        error: new EntraError(
          400,
          'invalid_tenant',
          90002,
          `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        ),
      };
    }
    return {
      kind: 'endpoint',
      endpoint: route.endpoint,
      version: route.version,
      tenantId: tenant.tenantId,
    };
  }
  return { kind: 'notFound' };
}
