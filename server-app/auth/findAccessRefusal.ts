import type { JWTPayload } from 'jose';

import { AuthFailure } from './AuthFailure.js';
import type { Caller } from './RequestAuthenticator.js';

/** Who may read orders: fixed for an authenticator's lifetime. */
export interface AccessRules {
  readonly requiredRole: string;
  /** Empty admits any caller application. */
  readonly allowedClients: ReadonlySet<string>;
  readonly requireIdtyp: boolean;
}

/**
 * Decides whether a genuine token may read orders: app-only (no `scp`, `idtyp` `app`, `oid` =
 * `sub`, a confidential client), from an allowed caller, holding the required role. Call it only
 * on claims that passed `checkEntraClaims`, which produced `caller`.
 *
 * The answer depends on nothing but the token's own claims and the fixed `rules`, never on the
 * clock or the key set, so it stays right for as long as the token is valid; this is what lets
 * the authenticator cache refusals as well as acceptances.
 *
 * @returns the first rule broken, as a 403-kind {@link AuthFailure}; undefined when allowed.
 */
export function findAccessRefusal(
  claims: JWTPayload,
  caller: Caller,
  rules: AccessRules,
): AuthFailure | undefined {
  const { appId, objectId, tokenVersion } = caller;
  if (claims['scp'] !== undefined) {
    return new AuthFailure('ERR_DELEGATED_TOKEN', 'token is delegated (has scp)');
  }
  const idtyp = claims['idtyp'];
  if (idtyp !== undefined ? idtyp !== 'app' : rules.requireIdtyp) {
    return new AuthFailure('ERR_IDTYP_NOT_APP', 'token idtyp is not "app"');
  }
  if (claims.sub !== objectId) {
    return new AuthFailure('ERR_OID_SUB_MISMATCH', 'token oid differs from sub: not app-only');
  }
  const acrClaim = tokenVersion === '2.0' ? 'azpacr' : 'appidacr';
  if (claims[acrClaim] === '0') {
    return new AuthFailure('ERR_PUBLIC_CLIENT', `token ${acrClaim} is "0": public client`);
  }
  if (rules.allowedClients.size > 0 && !rules.allowedClients.has(appId)) {
    return new AuthFailure('ERR_CALLER_NOT_ALLOWED', `caller ${appId} is not in the allow-list`);
  }
  // An array's includes is an exact match; `"Orders.ReadWrite".includes(role)` would not be.
  const roles = claims['roles'];
  if (!Array.isArray(roles) || !roles.includes(rules.requiredRole)) {
    return new AuthFailure(
      'ERR_ROLE_MISSING',
      `caller ${appId} lacks the ${rules.requiredRole} role`,
    );
  }
  return undefined;
}
