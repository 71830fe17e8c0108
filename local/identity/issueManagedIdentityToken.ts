import { randomUUID } from 'node:crypto';

import { buildAccessTokenClaims } from './buildAccessTokenClaims.js';
import { buildExchangeTokenClaims } from './buildExchangeTokenClaims.js';
import { checkApiAccess } from './checkApiAccess.js';
import type { TokenIssuingContext } from './issueClientCredentialsToken.js';
import type { ManagedIdentityRegistration } from './readTenantConfig.js';
import { selectManagedIdentity } from './selectManagedIdentity.js';
import { isTokenExchangeAudience } from './tokenExchangeAudiences.js';

/** The App Service managed-identity endpoint's success body (API version 2019-08-01). */
export interface ManagedIdentityTokenResponse {
  readonly access_token: string;
  /** Epoch seconds, as a string like App Service sends it. */
  readonly expires_on: string;
  readonly resource: string;
  readonly token_type: 'Bearer';
  readonly client_id: string;
}

/** A refusal of the managed-identity endpoint, in App Service's `{ statusCode, message }` shape. */
export class ManagedIdentityEndpointError extends Error {
  override name = 'ManagedIdentityEndpointError';

  constructor(
    readonly status: 400 | 401 | 404,
    message: string,
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    return { statusCode: this.status, message: this.message, correlationId: randomUUID() };
  }
}

export interface ManagedIdentityRequestContext extends TokenIssuingContext {
  /** The secret the platform hands the app in IDENTITY_HEADER. */
  readonly identityHeader: string;
}

/**
 * `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=...[&client_id=...]` as App Service
 * serves it: checks `X-IDENTITY-HEADER`, picks the system-assigned identity or the user-assigned
 * one named by `client_id` / `object_id`, and returns a token with `expires_on` (never `expires_in`, which
 * the SDK ignores). For a token-exchange audience (`api://AzureADTokenExchange`…) the token is
 * the identity's proof for a federated identity credential (see buildExchangeTokenClaims).
 *
 * @throws {ManagedIdentityEndpointError} for a bad header, version, resource or identity.
 * @throws {EntraError} when the resource is unknown or assignment is required and missing.
 */
export async function issueManagedIdentityToken(
  query: URLSearchParams,
  identityHeader: string | undefined,
  context: ManagedIdentityRequestContext,
): Promise<ManagedIdentityTokenResponse> {
  if (identityHeader !== context.identityHeader) {
    throw new ManagedIdentityEndpointError(
      401,
      'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.',
    );
  }
  if (query.get('api-version') !== '2019-08-01') {
    throw new ManagedIdentityEndpointError(
      400,
      `Unsupported api-version '${query.get('api-version') ?? ''}'; this endpoint serves 2019-08-01.`,
    );
  }
  const resource = query.get('resource');
  if (!resource) {
    throw new ManagedIdentityEndpointError(400, "The 'resource' query parameter is required.");
  }
  const { identity, requested } = selectManagedIdentity(context.tenant, query);
  if (!identity) {
    throw new ManagedIdentityEndpointError(
      400,
      requested === 'system-assigned'
        ? 'No system-assigned managed identity is enabled for this app.'
        : `No MSI found for specified ClientId/ResourceId (${requested}).`,
    );
  }
  const issuedAt = Math.floor(context.now() / 1000);
  const lifetime = context.tenant.tokenLifetimeSeconds.managedIdentity;
  const claims = isTokenExchangeAudience(resource)
    ? buildExchangeTokenClaims({
        origin: context.origin,
        tenantId: context.tenant.tenantId,
        clientId: identity.clientId,
        objectId: identity.objectId,
        audience: resource.replace(/\/+$/, ''),
        issuedAt,
        lifetimeSeconds: lifetime,
      })
    : buildAccessToken(resource, identity, issuedAt, lifetime, context);
  return {
    access_token: await context.sign(claims, String(claims.ver)),
    expires_on: String(issuedAt + lifetime),
    resource,
    token_type: 'Bearer',
    client_id: identity.clientId,
  };
}

function buildAccessToken(
  resource: string,
  identity: ManagedIdentityRegistration,
  issuedAt: number,
  lifetime: number,
  context: ManagedIdentityRequestContext,
): Record<string, unknown> {
  const roles = checkApiAccess(context.tenant, identity, resource);
  return buildAccessTokenClaims({
    origin: context.origin,
    tenant: context.tenant,
    subject: {
      appId: identity.clientId,
      objectId: identity.objectId,
      roles,
      authenticatedWith: 'managedIdentity',
    },
    requestedResource: resource,
    issuedAt,
    lifetimeSeconds: lifetime,
  });
}
