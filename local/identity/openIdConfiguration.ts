import { v1Issuer, v2Issuer } from './buildAccessTokenClaims.js';

/**
 * The tenant's OIDC discovery document, v2 (`/{tid}/v2.0/.well-known/openid-configuration`) or
 * v1 (`/{tid}/.well-known/openid-configuration`), with Entra's layout and this origin in place
 * of login.microsoftonline.com and sts.windows.net. MSAL requires `authorization_endpoint`,
 * `token_endpoint`, `issuer` and `jwks_uri`, and checks that `issuer` has the authority's host.
 */
export function openIdConfiguration(
  origin: string,
  tenantId: string,
  version: 'v1' | 'v2',
): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  const v2 = version === 'v2';
  return {
    token_endpoint: v2 ? `${base}/oauth2/v2.0/token` : `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: v2 ? `${base}/discovery/v2.0/keys` : `${base}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2 ? v2Issuer(origin, tenantId) : v1Issuer(origin, tenantId),
    request_uri_parameter_supported: false,
    authorization_endpoint: v2 ? `${base}/oauth2/v2.0/authorize` : `${base}/oauth2/authorize`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: v2 ? `${base}/oauth2/v2.0/logout` : `${base}/oauth2/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'tid',
      'ver',
      'oid',
      'roles',
    ],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'local.orders-daemon',
  };
}
