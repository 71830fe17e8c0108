import type { RunningIdentityProvider } from './startIdentityProvider.js';

/** A named set of app settings (environment variables) for one way of running an app. */
export interface SettingsGroup {
  readonly title: string;
  readonly settings: Readonly<Record<string, string>>;
}

/**
 * The settings a client or server app needs to use the running local provider, one group per
 * way of running it. The names are the apps' setting names (client-app/settings, server-app);
 * they are spelled out here because local/ depends on nothing in the apps.
 */
export function identityProviderSettings(provider: RunningIdentityProvider): SettingsGroup[] {
  const { tenant } = provider;
  const scope = `${tenant.api.appIdUri}/.default`;
  const common = {
    NODE_EXTRA_CA_CERTS: provider.caCertPath,
    AZURE_AUTHORITY_HOST: provider.authorityHost,
    AZURE_TENANT_ID: tenant.tenantId,
  };
  const groups: SettingsGroup[] = [
    {
      title: 'server app (validates tokens)',
      settings: { ...common, ORDERS_API_CLIENT_ID: tenant.api.clientId },
    },
  ];
  for (const mi of tenant.managedIdentities) {
    groups.push({
      title: `client app as managed identity ${mi.displayName} (${describeRoles(mi.assignedRoles)})`,
      settings: {
        ORDERS_API_CREDENTIAL: 'managed-identity',
        IDENTITY_ENDPOINT: provider.identityEndpoint,
        IDENTITY_HEADER: provider.identityHeader,
        ...(mi.kind === 'user-assigned' ? { AZURE_CLIENT_ID: mi.clientId } : {}),
        ORDERS_API_SCOPE: scope,
      },
    });
  }
  for (const client of tenant.clients) {
    const base = { ...common, AZURE_CLIENT_ID: client.clientId, ORDERS_API_SCOPE: scope };
    const roles = describeRoles(client.assignedRoles);
    if (client.secret !== undefined) {
      groups.push({
        title: `client app as ${client.displayName} with its secret (${roles})`,
        settings: {
          ORDERS_API_CREDENTIAL: 'client-secret',
          ...base,
          AZURE_CLIENT_SECRET: client.secret,
        },
      });
    }
    const certificatePath = provider.clientCertificatePaths.get(client.clientId);
    if (certificatePath !== undefined) {
      groups.push({
        title: `client app as ${client.displayName} with its certificate (${roles})`,
        settings: {
          ORDERS_API_CREDENTIAL: 'client-certificate',
          ...base,
          AZURE_CLIENT_CERTIFICATE_PATH: certificatePath,
        },
      });
    }
  }
  const crossTenant = crossTenantClientSettings(provider);
  if (crossTenant !== undefined) {
    const resource = provider.resourceTenant;
    groups.push(
      {
        title: `server app of the resource tenant ${resource.tenantId} (${resource.api.displayName})`,
        settings: {
          ...common,
          AZURE_TENANT_ID: resource.tenantId,
          ORDERS_API_CLIENT_ID: resource.api.clientId,
        },
      },
      { title: crossTenant.title, settings: crossTenant.settings },
    );
  }
  return groups;
}

/**
 * The client's settings for the cross-tenant case: its user-assigned managed identity (home
 * tenant) proves itself to the resource tenant as the multi-tenant app whose federated identity
 * credential trusts that identity, and asks for the resource tenant's API. Undefined when the
 * tenant files hold no such app with a service principal in the resource tenant.
 */
export function crossTenantClientSettings(
  provider: RunningIdentityProvider,
): SettingsGroup | undefined {
  const { tenant, resourceTenant } = provider;
  for (const principal of resourceTenant.servicePrincipals) {
    const app = tenant.multiTenantApps.find((a) => a.clientId === principal.clientId);
    const subjects = new Set(app?.federatedIdentityCredentials.map((fic) => fic.subject));
    const identity = tenant.managedIdentities.find(
      (mi) => mi.kind === 'user-assigned' && subjects.has(mi.objectId),
    );
    if (app === undefined || identity === undefined || principal.assignedRoles.length === 0)
      continue;
    return {
      title:
        `client app across tenants: managed identity ${identity.displayName} as ${app.displayName} ` +
        `in tenant ${resourceTenant.tenantId} (${describeRoles(principal.assignedRoles)})`,
      settings: {
        ORDERS_API_CREDENTIAL: 'managed-identity-federated',
        IDENTITY_ENDPOINT: provider.identityEndpoint,
        IDENTITY_HEADER: provider.identityHeader,
        ORDERS_API_MANAGED_IDENTITY_CLIENT_ID: identity.clientId,
        NODE_EXTRA_CA_CERTS: provider.caCertPath,
        AZURE_AUTHORITY_HOST: provider.authorityHost,
        AZURE_TENANT_ID: resourceTenant.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        ORDERS_API_SCOPE: `${resourceTenant.api.appIdUri}/.default`,
      },
    };
  }
  return undefined;
}

function describeRoles(roles: readonly string[]): string {
  return roles.length === 0 ? 'no role: the API answers 403' : `holds ${roles.join(', ')}`;
}
