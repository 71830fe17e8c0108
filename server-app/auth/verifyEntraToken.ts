import { UnsecuredJWT, type JWTPayload } from 'jose';

import { AuthFailure } from './AuthFailure.js';
import { checkEntraClaims, MAX_TOKEN_LIFETIME_SECONDS } from './checkEntraClaims.js';
import { findAccessRefusal, type AccessRules } from './findAccessRefusal.js';
import { fromJoseError } from './fromJoseError.js';
import type { CompactJws } from './readJwsHeader.js';
import type { Caller } from './RequestAuthenticator.js';
import type { TenantKeyStores } from './TenantKeyStores.js';
import { verifyRs256Signature } from './verifyRs256Signature.js';

/** What {@link verifyEntraToken} needs; the authenticator's resolved options. */
export interface EntraTokenRules extends AccessRules {
  /** The API's own tenant (AZURE_TENANT_ID). */
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

/** `{"alg":"none"}`: see {@link readVerifiedClaims}. */
const UNSECURED_HEADER = Buffer.from('{"alg":"none"}').toString('base64url');

/**
 * Verifies an Entra access token whose header {@link readJwsHeader} has checked (RS256 only, a
 * `kid`): the RS256 signature by that key of the key set of the token's own tenant (one of the allowed
 * tenants, see {@link TenantKeyStores}), `typ`, that tenant's `iss`, times (with the
 * clock tolerance) and {@link checkEntraClaims}; then, on the genuine token only, decides access
 * with {@link findAccessRefusal}. Nothing of the payload is read before the signature verifies.
 *
 * @returns the genuine token, with its 403 refusal if any.
 * @throws {AuthFailure} when the token is not genuine (401 kinds) or keys cannot be had (503).
 */
export async function verifyEntraToken(
  jws: CompactJws,
  stores: TenantKeyStores,
  rules: EntraTokenRules,
  now: number,
): Promise<VerifiedToken> {
  const sole = stores.sole();
  const soleIssuers = await sole?.store.issuers();
  const { tenantId, store } = sole ?? stores.forToken(jws);
  const issuers = soleIssuers ?? (await store.issuers());
  const signingKey = await store.getKey(jws.kid);
  if (signingKey.jwksUri !== issuers.jwksUri) {
    throw new AuthFailure(
      'ERR_KEY_TENANT_MISMATCH',
      "the key is not from the token tenant's key set",
    );
  }
  if (!verifyRs256Signature(jws.signingInput, jws.signatureSegment, signingKey.key)) {
    throw new AuthFailure('ERR_SIGNATURE_INVALID', 'token signature does not verify');
  }
  if (!isJwtTyp(jws.typ)) throw new AuthFailure('ERR_TYP_INVALID', 'token typ header is not JWT');
  const claims = readVerifiedClaims(jws.payloadSegment, {
    issuer: [issuers.v2Issuer, issuers.v1Issuer],
    requiredClaims: REQUIRED_CLAIMS,
    clockTolerance: rules.clockToleranceSeconds,
    maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
    currentDate: new Date(now),
  });
  const caller = checkEntraClaims(claims, {
    ...rules,
    tenantId,
    issuers,
    keyIssuer: signingKey.issuer,
  });
  const refusal = findAccessRefusal(claims, caller, rules);
  return { caller, exp: claims.exp as number, refusal };
}

/**
 * The payload of a token whose signature has been verified, parsed and checked by jose's own
 * claim-set validation (the one `jwtVerify` runs: JSON object, required claims, `iss`, `nbf`,
 * `exp`, `iat` and its age, with the tolerance). jose offers that validation on its own only
 * through `UnsecuredJWT.decode`, so the verified payload is handed over under an `alg: none`
 * header; the signature was checked just before, by the caller.
 */
function readVerifiedClaims(
  payloadSegment: string,
  options: Parameters<typeof UnsecuredJWT.decode>[1],
): JWTPayload {
  try {
    return UnsecuredJWT.decode(`${UNSECURED_HEADER}.${payloadSegment}.`, options).payload;
  } catch (error) {
    throw fromJoseError(error);
  }
}

/** jose's `typ: 'JWT'` rule: `JWT` in any case, or `application/jwt`. */
function isJwtTyp(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const normalized = typ.toLowerCase();
  return (
    (normalized.includes('/') ? normalized : `application/${normalized}`) === 'application/jwt'
  );
}
