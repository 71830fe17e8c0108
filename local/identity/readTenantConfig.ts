import { readFile } from 'node:fs/promises';

import { z } from 'zod';

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lowercase GUID');
const roleNames = z.array(z.string().min(1));

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
  })
  .superRefine((tenant, ctx) => {
    const known = new Set(tenant.api.appRoles.map((role) => role.value));
    const principals = [...tenant.clients, ...tenant.managedIdentities];
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

/** The local tenant: one API registration, client registrations and managed identities. */
export type TenantConfig = z.output<typeof tenantSchema>;
export type ClientRegistration = TenantConfig['clients'][number];
export type ManagedIdentityRegistration = TenantConfig['managedIdentities'][number];

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
