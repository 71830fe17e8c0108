import { EntraError } from './EntraError.js';
import type { TenantConfig } from './readTenantConfig.js';

/** A service principal asking for a token: a client app or a managed identity. */
export interface Principal {
  readonly displayName: string;
  readonly clientId: string;
  readonly assignedRoles: readonly string[];
}

/**
 * Decides what a principal gets for a requested resource, as Entra does for app-only tokens:
 * the resource must be the API (by App ID URI or client id), and the token carries the
 * application roles assigned to the principal. Without an assignment the token has no `roles`,
 * unless the API's service principal requires assignment, in which case Entra refuses to issue.
 *
 * @returns the granted role values (possibly empty).
 * @throws {EntraError} AADSTS500011 for an unknown resource, AADSTS501051 for a missing
 *   assignment when assignment is required.
 */
export function checkApiAccess(
  tenant: TenantConfig,
  principal: Principal,
  resource: string,
): readonly string[] {
  const { api } = tenant;
  const normalized = resource.replace(/\/+$/, '');
  if (normalized !== api.appIdUri && normalized.toLowerCase() !== api.clientId) {
    throw new EntraError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant.tenantId}. ` +
        'This can happen if the application has not been installed by the administrator of the tenant ' +
        'or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.',
    );
  }
  const applicationRoles = new Set(
    api.appRoles.filter((r) => r.allowedMemberTypes.includes('Application')).map((r) => r.value),
  );
  const roles = principal.assignedRoles.filter((role) => applicationRoles.has(role));
  if (roles.length === 0 && api.appRoleAssignmentRequired) {
    throw new EntraError(
      400,
      'invalid_grant',
      501051,
      `Application '${principal.clientId}'(${principal.displayName}) is not assigned to a role for the ` +
        `application '${api.appIdUri}'(${api.displayName}).`,
    );
  }
  return roles;
}
