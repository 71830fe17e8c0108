import type { RunningAzurite } from '../azurite/startAzurite.js';
import { crossTenantClientSettings } from '../identity/identityProviderSettings.js';
import type { RunningIdentityProvider } from '../identity/startIdentityProvider.js';

/**
 * The app settings each Function App gets in the local stack, as its local.settings.json would
 * hold them. Names are the apps' setting names (spelled out: local/ depends on no app code).
 */
export function serverAppSettings(
  azurite: RunningAzurite,
  identity: RunningIdentityProvider,
): Record<string, string> {
  return {
    ...hostSettings('server', azurite),
    AZURE_TENANT_ID: identity.tenantId,
    ORDERS_API_CLIENT_ID: identity.tenant.api.clientId,
    AZURE_AUTHORITY_HOST: identity.authorityHost,
    // The server fetches the issuer's metadata and keys over https, like the client.
    NODE_EXTRA_CA_CERTS: identity.caCertPath,
  };
}

/** What every app of the stack gets: its role and the stack's storage. */
function hostSettings(app: 'server' | 'client', azurite: RunningAzurite): Record<string, string> {
  return {
    FUNCTIONS_WORKER_RUNTIME: 'node',
    ORDERS_APP: app,
    AzureWebJobsStorage: azurite.connectionString,
    ORDERS_STORAGE: azurite.connectionString,
  };
}

/** The client signs in as the daemon's app registration with its certificate (MSAL). */
export function clientAppSettings(
  azurite: RunningAzurite,
  identity: RunningIdentityProvider,
  serverUrl: string,
): Record<string, string> {
  const daemon = identity.tenant.clients.find((c) => c.assignedRoles.length > 0);
  const certificatePath = daemon && identity.clientCertificatePaths.get(daemon.clientId);
  if (!daemon || !certificatePath) {
    throw new Error('local/identity/tenant.json has no client with a role and a certificate');
  }
  return {
    ...hostSettings('client', azurite),
    ORDERS_API_BASE_URL: serverUrl,
    ORDERS_API_SCOPE: `${identity.tenant.api.appIdUri}/.default`,
    ORDERS_API_CREDENTIAL: 'client-certificate',
    AZURE_TENANT_ID: identity.tenantId,
    AZURE_CLIENT_ID: daemon.clientId,
    AZURE_CLIENT_CERTIFICATE_PATH: certificatePath,
    AZURE_AUTHORITY_HOST: identity.authorityHost,
    // Node reads extra CAs only at process start: the host process must begin with it.
    NODE_EXTRA_CA_CERTS: identity.caCertPath,
  };
}

/**
 * The server settings that point at what the stack itself starts (and the app's role): `npm
 * start` always sets these, whatever local.settings.json says; every other one comes from there.
 */
export const SERVER_STACK_OWNED = [
  'ORDERS_APP',
  'AzureWebJobsStorage',
  'ORDERS_STORAGE',
  'AZURE_TENANT_ID',
  'ORDERS_API_CLIENT_ID',
  'AZURE_AUTHORITY_HOST',
  'NODE_EXTRA_CA_CERTS',
] as const;

/** As SERVER_STACK_OWNED, for the client: also the server's URL and the daemon's identity. */
export const CLIENT_STACK_OWNED = [
  'ORDERS_APP',
  'AzureWebJobsStorage',
  'ORDERS_STORAGE',
  'ORDERS_API_BASE_URL',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_AUTHORITY_HOST',
  'NODE_EXTRA_CA_CERTS',
] as const;

/**
 * `--cross-tenant` (scenario A): the Orders API is the resource tenant's single-tenant API,
 * admitting the multi-tenant app the daemon signs in as there.
 */
export function crossTenantServerAppSettings(
  azurite: RunningAzurite,
  identity: RunningIdentityProvider,
): Record<string, string> {
  const client = crossTenantClient(identity);
  return {
    ...serverAppSettings(azurite, identity),
    AZURE_TENANT_ID: identity.resourceTenant.tenantId,
    ORDERS_API_CLIENT_ID: identity.resourceTenant.api.clientId,
    ORDERS_API_ALLOWED_CLIENTS: client.AZURE_CLIENT_ID ?? '',
  };
}

/**
 * `--cross-tenant`: the client's user-assigned managed identity (home tenant) is the federated
 * credential of the multi-tenant app, which gets the resource tenant's token for its API.
 */
export function crossTenantClientAppSettings(
  azurite: RunningAzurite,
  identity: RunningIdentityProvider,
  serverUrl: string,
): Record<string, string> {
  return {
    ...hostSettings('client', azurite),
    ORDERS_API_BASE_URL: serverUrl,
    ...crossTenantClient(identity),
  };
}

function crossTenantClient(identity: RunningIdentityProvider): Readonly<Record<string, string>> {
  const group = crossTenantClientSettings(identity);
  if (group === undefined) {
    throw new Error(
      'local/identity has no multi-tenant app whose FIC trusts a user-assigned identity and whose service principal holds a role in the resource tenant',
    );
  }
  return group.settings;
}

/** As SERVER_STACK_OWNED, with the callers the resource tenant's API admits. */
export const CROSS_TENANT_SERVER_STACK_OWNED = [
  ...SERVER_STACK_OWNED,
  'ORDERS_API_ALLOWED_CLIENTS',
] as const;

/** As CLIENT_STACK_OWNED, with the federated credential's settings and the other API's scope. */
export const CROSS_TENANT_CLIENT_STACK_OWNED = [
  ...CLIENT_STACK_OWNED,
  'ORDERS_API_CREDENTIAL',
  'ORDERS_API_MANAGED_IDENTITY_CLIENT_ID',
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'ORDERS_API_SCOPE',
] as const;
