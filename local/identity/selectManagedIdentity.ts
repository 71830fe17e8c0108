import type { ManagedIdentityRegistration, TenantConfig } from './readTenantConfig.js';

/** The identity a managed-identity request names, and how it named it (for error messages). */
export interface ManagedIdentitySelection {
  readonly identity: ManagedIdentityRegistration | undefined;
  /** e.g. `client_id 0000...`, or `system-assigned`. */
  readonly requested: string;
}

/**
 * Picks the identity as App Service does: `client_id`, `object_id` or `principal_id` name a
 * user-assigned identity; none of them means the system-assigned one. `mi_res_id` (an ARM
 * resource id) has no counterpart in the local tenant, so it matches nothing.
 */
export function selectManagedIdentity(
  tenant: TenantConfig,
  query: URLSearchParams,
): ManagedIdentitySelection {
  const clientId = query.get('client_id')?.toLowerCase();
  const objectId = (query.get('object_id') ?? query.get('principal_id'))?.toLowerCase();
  const resourceId = query.get('mi_res_id');
  const userAssigned = tenant.managedIdentities.filter((mi) => mi.kind === 'user-assigned');
  if (clientId !== undefined) {
    return {
      identity: userAssigned.find((mi) => mi.clientId === clientId),
      requested: `client_id ${clientId}`,
    };
  }
  if (objectId !== undefined) {
    return {
      identity: userAssigned.find((mi) => mi.objectId === objectId),
      requested: `object_id ${objectId}`,
    };
  }
  if (resourceId !== null) return { identity: undefined, requested: `mi_res_id ${resourceId}` };
  return {
    identity: tenant.managedIdentities.find((mi) => mi.kind === 'system-assigned'),
    requested: 'system-assigned',
  };
}
