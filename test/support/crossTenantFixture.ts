import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { RunningIdentityProvider } from '../../local/identity/startIdentityProvider.js';
import { REPO_ROOT } from './repoRoot.js';

/** The ids of the cross-tenant case in local/identity's tenant files. */
export const CROSS_TENANT = {
  homeTenantId: 'd06a47d6-28da-4cfb-b94e-b85a694580a3',
  resourceTenantId: '3e27b06f-7661-445e-abf3-dc39bf9a8ab0',
  /** orders-daemon-cross-tenant, the multi-tenant app whose FIC trusts the identity. */
  appId: 'ceb3238c-e235-4914-b2db-280a3511a353',
  /** Its service principal in the resource tenant. */
  appObjectIdInResource: '622bb993-d89c-41e7-9573-043b2b5b382e',
  /** orders-daemon-uami. */
  identityClientId: '00872284-75f3-49b3-9d7c-5c82069ca150',
  identityObjectId: 'a228aa2c-b673-4e2d-9bed-3e1956675b7d',
  /** The resource tenant's Orders API (partner-orders-api). */
  resourceApiClientId: 'd64a84e3-a0a5-4a45-908d-641af616feda',
  homeApiClientId: '27991dac-f89f-4062-8147-2c3296fcdd42',
} as const;

/**
 * Apps of the fixture tenant files whose one FIC is wrong in one field each, the mistakes
 * the exchange reports: the resource tenant's issuer instead of the home tenant's, the
 * identity's client id instead of its object id, the US Government exchange audience on the
 * global cloud; and an app without any FIC.
 */
export const BROKEN_APPS = {
  issuer: '21852677-b1f9-45d1-8608-6dd817033e44',
  subject: '465f9296-ac09-4640-8738-780148eea7e8',
  audience: '3365100c-47c2-423f-b4a8-e64813f37eee',
  none: '5fe5fbe9-413f-4c2d-9e32-611f5922532b',
} as const;

const SP_OBJECT_IDS = [
  'b008c027-3ffe-4207-8b7f-ba549ce6fb2e',
  '15d90ef6-5616-4a37-b798-546f08cb3a14',
  '7615bf29-ce32-4d3c-8ce6-12d6ee21073e',
  'd4899908-5a79-418f-ae8c-b9f895fd4bf7',
];

/**
 * Writes copies of local/identity/tenant.json and resource-tenant.json into `dir`, adding the
 * {@link BROKEN_APPS} (each with a service principal holding Orders.Read in the resource tenant).
 */
export async function writeCrossTenantFixture(
  dir: string,
): Promise<{ configPath: string; resourceConfigPath: string }> {
  const read = async (name: string) =>
    JSON.parse(await readFile(path.join(REPO_ROOT, 'local/identity', name), 'utf8')) as {
      multiTenantApps: unknown[];
      servicePrincipals: unknown[];
    };
  const home = await read('tenant.json');
  const resource = await read('resource-tenant.json');
  const { homeTenantId, resourceTenantId, identityObjectId, identityClientId } = CROSS_TENANT;
  const fic = (overrides: Record<string, unknown>) => ({
    name: 'msiAsFic',
    issuer: `{authorityHost}/${homeTenantId}/v2.0`,
    subject: identityObjectId,
    audiences: ['api://AzureADTokenExchange'],
    ...overrides,
  });
  const broken: [string, string, unknown[]][] = [
    [
      'wrong-issuer',
      BROKEN_APPS.issuer,
      [fic({ issuer: `{authorityHost}/${resourceTenantId}/v2.0` })],
    ],
    ['wrong-subject', BROKEN_APPS.subject, [fic({ subject: identityClientId })]],
    [
      'wrong-audience',
      BROKEN_APPS.audience,
      [fic({ audiences: ['api://AzureADTokenExchangeUSGov'] })],
    ],
    ['no-fic', BROKEN_APPS.none, []],
  ];
  broken.forEach(([name, clientId, federatedIdentityCredentials], index) => {
    home.multiTenantApps.push({ displayName: name, clientId, federatedIdentityCredentials });
    resource.servicePrincipals.push({
      displayName: name,
      clientId,
      appOwnerTenantId: homeTenantId,
      objectId: SP_OBJECT_IDS[index],
      assignedRoles: ['Orders.Read'],
    });
  });
  const configPath = path.join(dir, 'tenant.json');
  const resourceConfigPath = path.join(dir, 'resource-tenant.json');
  await writeFile(configPath, JSON.stringify(home));
  await writeFile(resourceConfigPath, JSON.stringify(resource));
  return { configPath, resourceConfigPath };
}

/**
 * The client's settings in managed-identity-federated mode against `idp`: the identity
 * {@link CROSS_TENANT}.identityClientId as the federated credential of the multi-tenant app,
 * asking the resource tenant for its Orders API.
 */
export function federatedClientSettings(
  idp: Pick<RunningIdentityProvider, 'identityEndpoint' | 'identityHeader' | 'authorityHost'>,
): Record<string, string> {
  return {
    ORDERS_API_CREDENTIAL: 'managed-identity-federated',
    IDENTITY_ENDPOINT: idp.identityEndpoint,
    IDENTITY_HEADER: idp.identityHeader,
    ORDERS_API_MANAGED_IDENTITY_CLIENT_ID: CROSS_TENANT.identityClientId,
    AZURE_AUTHORITY_HOST: idp.authorityHost,
    AZURE_TENANT_ID: CROSS_TENANT.resourceTenantId,
    AZURE_CLIENT_ID: CROSS_TENANT.appId,
    ORDERS_API_SCOPE: `api://${CROSS_TENANT.resourceApiClientId}/.default`,
  };
}
