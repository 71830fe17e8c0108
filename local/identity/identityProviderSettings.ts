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
  return groups;
}

function describeRoles(roles: readonly string[]): string {
  return roles.length === 0 ? 'no role: the API answers 403' : `holds ${roles.join(', ')}`;
}
