import type { IdentityEndpoint } from './FaultInjector.js';
import type { TenantConfig } from './readTenantConfig.js';
import { selectManagedIdentity } from './selectManagedIdentity.js';

/**
 * Who asked for which resource, as far as the raw request tells (before any check), so request
 * counts can be filtered per identity and audience: the form's `client_id` and `scope` on the
 * token endpoint, the selected identity and `resource` on the managed-identity endpoint.
 */
export function identifyRequester(
  endpoint: IdentityEndpoint,
  url: URL,
  form: URLSearchParams,
  tenant: TenantConfig,
): { clientId?: string; resource?: string } {
  let clientId: string | undefined;
  let resource: string | undefined;
  if (endpoint === 'token') {
    clientId = form.get('client_id')?.toLowerCase();
    resource = form.get('scope')?.replace(/\/\.default$/, '');
  } else if (endpoint === 'managedIdentity') {
    const { identity } = selectManagedIdentity(tenant, url.searchParams);
    clientId = identity?.clientId ?? url.searchParams.get('client_id')?.toLowerCase();
    resource = url.searchParams.get('resource') ?? undefined;
  }
  return {
    ...(clientId === undefined ? {} : { clientId }),
    ...(resource === undefined ? {} : { resource }),
  };
}
