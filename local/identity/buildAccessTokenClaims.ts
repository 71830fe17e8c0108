import { randomBytes, randomUUID } from 'node:crypto';

import type { TenantConfig } from './readTenantConfig.js';

/** Who the token is for, already authenticated. */
export interface TokenSubject {
  readonly appId: string;
  readonly objectId: string;
  /** App roles the principal holds on the API (empty: no assignment). */
  readonly roles: readonly string[];
  /** How the caller proved itself: `1` secret, `2` certificate, managed identity or federated credential (Entra's `azpacr`/`appidacr`). */
  readonly authenticatedWith: 'secret' | 'certificate' | 'managedIdentity' | 'federatedCredential';
}

export interface AccessTokenClaimsInput {
  /** e.g. `https://127.0.0.1:49152` — stands in for https://login.microsoftonline.com and https://sts.windows.net. */
  readonly origin: string;
  readonly tenant: TenantConfig;
  readonly subject: TokenSubject;
  /** The resource exactly as requested (the scope without `/.default`); v1 tokens echo it in `aud`. */
  readonly requestedResource: string;
  /** Epoch seconds. */
  readonly issuedAt: number;
  readonly lifetimeSeconds: number;
}

/** The v1 issuer (`https://sts.windows.net/{tid}/` in Entra). */
export function v1Issuer(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/`;
}

/** The v2 issuer (`https://login.microsoftonline.com/{tid}/v2.0` in Entra). */
export function v2Issuer(origin: string, tenantId: string): string {
  return `${origin}/${tenantId}/v2.0`;
}

/**
 * Builds the payload of an app-only access token by Entra's rules: the API registration's
 * `accessTokenAcceptedVersion` decides the version for every caller, managed identities
 * included (null or 1 → v1, 2 → v2). v1 names the caller in `appid` and echoes the requested
 * resource in `aud`; v2 names it in `azp` and always uses the API's client id as `aud`.
 * `roles` appears only when the principal holds an assignment; `idtyp` is the optional claim
 * Entra adds when configured, which this local tenant always does.
 */
export function buildAccessTokenClaims(input: AccessTokenClaimsInput): Record<string, unknown> {
  const { origin, tenant, subject, issuedAt } = input;
  const tid = tenant.tenantId;
  const v2 = tenant.api.accessTokenAcceptedVersion === 2;
  const acr = subject.authenticatedWith === 'secret' ? '1' : '2';
  const claims: Record<string, unknown> = {
    aud: v2 ? tenant.api.clientId : input.requestedResource,
    iss: v2 ? v2Issuer(origin, tid) : v1Issuer(origin, tid),
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + input.lifetimeSeconds,
    aio: randomBytes(48).toString('base64'),
    ...(v2 ? { azp: subject.appId, azpacr: acr } : { appid: subject.appId, appidacr: acr }),
    idp: v1Issuer(origin, tid),
    idtyp: 'app',
    oid: subject.objectId,
    rh: `1.${randomBytes(40).toString('base64url')}.`,
    ...(subject.roles.length > 0 ? { roles: [...subject.roles] } : {}),
    sub: subject.objectId,
    tid,
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: v2 ? '2.0' : '1.0',
  };
  return claims;
}
