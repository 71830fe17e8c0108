import { jwtVerify, type CryptoKey, type JWTHeaderParameters } from 'jose';

import { AuthFailure } from './AuthFailure.js';
import { checkEntraClaims, MAX_TOKEN_LIFETIME_SECONDS } from './checkEntraClaims.js';
import { findAccessRefusal, type AccessRules } from './findAccessRefusal.js';
import { fromJoseError } from './fromJoseError.js';
import type { SigningKey } from './importSigningKeys.js';
import type { Caller } from './RequestAuthenticator.js';
import type { SigningKeyStore } from './SigningKeyStore.js';

/** What {@link verifyEntraToken} needs; the authenticator's resolved options. */
export interface EntraTokenRules extends AccessRules {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clockToleranceSeconds: number;
}

/** A genuine token: its caller, when it expires, and whether it may read orders. */
export interface VerifiedToken {
  readonly caller: Caller;
  /** Seconds since the epoch. */
  readonly exp: number;
  /**
   * Set when the caller may not read orders (a 403-kind failure). It depends only on the token's
   * content, so it holds until `exp` like an acceptance does.
   */
  readonly refusal: AuthFailure | undefined;
}

// Entra access tokens always carry these; nbf included, so a token cannot skip its start time.
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'iat', 'nbf', 'sub', 'oid', 'tid', 'ver'];

/**
 * Verifies an Entra access token: RS256 signature by a key of the tenant's key set, `typ`,
 * trusted `iss`, times (with the clock tolerance) and {@link checkEntraClaims}; then, on the
 * genuine token only, decides access with {@link findAccessRefusal}.
 *
 * @returns the genuine token, with its 403 refusal if any.
 * @throws {AuthFailure} when the token is not genuine (401 kinds) or keys cannot be fetched (503).
 */
export async function verifyEntraToken(
  token: string,
  keys: SigningKeyStore,
  rules: EntraTokenRules,
  now: number,
): Promise<VerifiedToken> {
  const issuers = await keys.issuers();
  let signingKey: SigningKey | undefined;
  const resolveKey = async (header: JWTHeaderParameters): Promise<CryptoKey> => {
    // jose has already refused any alg but RS256, before asking for a key.
    if (typeof header.kid !== 'string' || header.kid === '') {
      throw new AuthFailure('ERR_KID_MISSING', 'token header has no kid');
    }
    signingKey = await keys.getKey(header.kid);
    return signingKey.key;
  };
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(token, resolveKey, {
      algorithms: ['RS256'],
      typ: 'JWT',
      issuer: [issuers.v2Issuer, issuers.v1Issuer],
      requiredClaims: REQUIRED_CLAIMS,
      clockTolerance: rules.clockToleranceSeconds,
      maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
      currentDate: new Date(now),
    }));
  } catch (error) {
    throw fromJoseError(error);
  }
  const caller = checkEntraClaims(claims, {
    ...rules,
    issuers,
    keyIssuer: signingKey?.issuer,
  });
  const refusal = findAccessRefusal(claims, caller, rules);
  return { caller, exp: claims.exp as number, refusal };
}
