import { authenticateClient, type ClientAuthenticationContext } from './authenticateClient.js';
import { buildAccessTokenClaims } from './buildAccessTokenClaims.js';
import { checkApiAccess } from './checkApiAccess.js';
import { EntraError, missingParameter } from './EntraError.js';

/** What the token endpoints need besides the request: tenant, signing and time. */
export interface TokenIssuingContext extends ClientAuthenticationContext {
  /** Origin standing in for the Entra hosts, e.g. `https://127.0.0.1:49152`. */
  readonly origin: string;
  /** Signs a payload with the current key; v1 tokens also carry `x5t` in the header. */
  readonly sign: (payload: Record<string, unknown>, version: string) => Promise<string>;
  /** Epoch milliseconds. */
  readonly now: () => number;
}

/** The v2 token endpoint's success body. */
export interface ClientCredentialsTokenResponse {
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly ext_expires_in: number;
  readonly access_token: string;
}

/**
 * The `client_credentials` grant of `/{tenant}/oauth2/v2.0/token`: checks the grant, the
 * client's credential, the `{resource}/.default` scope and the caller's access to the API, then
 * issues an Entra-shaped app-only token.
 *
 * @throws {EntraError} with Entra's error code and AADSTS number for every refusal.
 */
export async function issueClientCredentialsToken(
  form: URLSearchParams,
  context: TokenIssuingContext,
): Promise<ClientCredentialsTokenResponse> {
  const grantType = form.get('grant_type');
  if (!grantType) throw missingParameter('grant_type');
  if (grantType !== 'client_credentials') {
    throw new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'; this local issuer serves client_credentials only.`,
    );
  }
  const { client, authenticatedWith } = await authenticateClient(form, context);
  const scope = form.get('scope');
  if (!scope) throw missingParameter('scope');
  const scopes = scope.split(' ').filter((s) => s !== '');
  const [single] = scopes;
  if (scopes.length !== 1 || single === undefined || !single.endsWith('/.default')) {
    throw new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value ` +
        'with /.default suffixed to the resource identifier (application ID URI).',
    );
  }
  const resource = single.slice(0, -'/.default'.length);
  const roles = checkApiAccess(context.tenant, client, resource);
  const lifetime = context.tenant.tokenLifetimeSeconds.application;
  const claims = buildAccessTokenClaims({
    origin: context.origin,
    tenant: context.tenant,
    subject: { appId: client.clientId, objectId: client.objectId, roles, authenticatedWith },
    requestedResource: resource,
    issuedAt: Math.floor(context.now() / 1000),
    lifetimeSeconds: lifetime,
  });
  return {
    token_type: 'Bearer',
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: await context.sign(claims, String(claims.ver)),
  };
}
