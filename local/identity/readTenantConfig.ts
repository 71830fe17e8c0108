import { readFile } from 'node:fs/promises';

import { z } from 'zod';

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lowercase GUID');
const roleNames = z.array(z.string().min(1));

/**
 * A federated identity credential on an app registration (Graph `federatedIdentityCredential`):
 * Entra matches `issuer` and `subject` exactly (case-sensitive, whitespace included) against the
 * presented assertion, and `audiences` holds exactly one value. `{authorityHost}` in `issuer`
 * stands for the local issuer's origin, known only once it listens.
 */
const federatedIdentityCredential = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/, '3 to 120 URL-friendly characters'),
  issuer: z.string().min(1),
  subject: z.string().min(1),
  audiences: z.array(z.string().min(1)).length(1, 'exactly one audience, as Entra requires'),
});

const tenantSchema = z
  .object({
    tenantId: guid,
    tokenLifetimeSeconds: z.object({
      application: z.number().int().min(300).max(86_400),
      managedIdentity: z.number().int().min(300).max(93_600),
    }),
    api: z.object({
      displayName: z.string().min(1),
      clientId: guid,
      objectId: guid,
      appIdUri: z.string().min(1),
      /** null or 1 → v1 tokens, 2 → v2 tokens, as in the app manifest. */
      accessTokenAcceptedVersion: z.union([z.literal(1), z.literal(2), z.null()]),
      appRoleAssignmentRequired: z.boolean(),
      appRoles: z.array(
        z.object({
          id: guid,
          value: z.string().min(1),
          allowedMemberTypes: z.array(z.enum(['Application', 'User'])),
        }),
      ),
    }),
    clients: z.array(
      z.object({
        displayName: z.string().min(1),
        clientId: guid,
        objectId: guid,
        secret: z.string().min(1).optional(),
        certificate: z.boolean().default(false),
        assignedRoles: roleNames,
      }),
    ),
    managedIdentities: z.array(
      z.object({
        displayName: z.string().min(1),
        kind: z.enum(['system-assigned', 'user-assigned']),
        clientId: guid,
        objectId: guid,
        assignedRoles: roleNames,
      }),
    ),
    /** Multi-tenant app registrations of this tenant, authenticating with federated credentials. */
    multiTenantApps: z
      .array(
        z.object({
          displayName: z.string().min(1),
          clientId: guid,
          federatedIdentityCredentials: z.array(federatedIdentityCredential).max(20),
        }),
      )
      .default([]),
    /** Service principals of other tenants' multi-tenant apps, provisioned (consented) here. */
    servicePrincipals: z
      .array(
        z.object({
          displayName: z.string().min(1),
          /** The app registration's application (client) id, in its home tenant. */
          clientId: guid,
          /** The tenant holding the app registration (and its federated credentials). */
          appOwnerTenantId: guid,
          /** This service principal's object id in this tenant (`oid`, `sub`). */
          objectId: guid,
          assignedRoles: roleNames,
        }),
      )
      .default([]),
  })
  .superRefine((tenant, ctx) => {
    const known = new Set(tenant.api.appRoles.map((role) => role.value));
    const principals = [
      ...tenant.clients,
      ...tenant.managedIdentities,
      ...tenant.servicePrincipals,
    ];
    for (const principal of principals) {
      for (const role of principal.assignedRoles) {
        if (!known.has(role)) {
          ctx.addIssue({
            code: 'custom',
            message: `${principal.displayName} is assigned "${role}", which api.appRoles does not define`,
          });
        }
      }
    }
    if (tenant.managedIdentities.filter((mi) => mi.kind === 'system-assigned').length > 1) {
      ctx.addIssue({ code: 'custom', message: 'at most one system-assigned managed identity' });
    }
    const ids = principals.map((p) => p.clientId);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', message: 'client ids must be unique' });
    }
  });

/**
 * A local tenant: one API registration, client registrations, managed identities, multi-tenant
 * app registrations and the service principals of other tenants' apps.
 */
export type TenantConfig = z.output<typeof tenantSchema>;
export type ClientRegistration = TenantConfig['clients'][number];
export type ManagedIdentityRegistration = TenantConfig['managedIdentities'][number];
export type MultiTenantAppRegistration = TenantConfig['multiTenantApps'][number];
export type FederatedIdentityCredential =
  MultiTenantAppRegistration['federatedIdentityCredentials'][number];
export type ForeignServicePrincipal = TenantConfig['servicePrincipals'][number];

/** Thrown when the tenant file cannot be read or does not match the documented shape. */
export class TenantConfigError extends Error {
  readonly code = 'ERR_LOCAL_TENANT_CONFIG';
  override name = 'TenantConfigError';
}

/** Validates an already parsed tenant document (see local/identity/README.md). */
export function parseTenantConfig(document: unknown, source = 'tenant config'): TenantConfig {
  const result = tenantSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  - ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
    );
    throw new TenantConfigError(`${source} is invalid:\n${problems.join('\n')}`);
  }
  return result.data;
}

/** Reads and validates a tenant file such as local/identity/tenant.json. */
export async function readTenantConfig(path: string): Promise<TenantConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TenantConfigError(`cannot read the tenant file ${path}`, { cause: error });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TenantConfigError(`${path} is not valid JSON`, { cause: error });
  }
  return parseTenantConfig(document, path);
}
