import type { JWTPayload } from 'jose';

import { AuthFailure, type AuthFailureCode } from './AuthFailure.js';
import type { IssuerMetadata } from './loadIssuerMetadata.js';
import type { Caller } from './RequestAuthenticator.js';

/** Longest `exp − iat` accepted: managed-identity tokens live 24 h 5 min. */
export const MAX_TOKEN_LIFETIME_SECONDS = 25 * 3600;

/** What the claims of a signature-verified token are checked against. */
export interface EntraClaimRules {
  readonly tenantId: string;
  readonly clientId: string;
  readonly issuers: IssuerMetadata;
  /** The `issuer` member of the JWK that verified the signature, if it has one. */
  readonly keyIssuer: string | undefined;
}

function fail(code: AuthFailureCode, message: string): never {
  throw new AuthFailure(code, message);
}

/**
 * The Entra rules jose cannot know about a token's shape and provenance, applied to claims whose
 * signature, `iss` (one of the two trusted issuers), `typ` and times jose has already checked.
 * Every failure here is a 401. Whether the genuine token may read orders (403s) is decided
 * afterwards by `findAccessRefusal`, and only for tokens that passed this.
 *
 * @returns the caller named by the token, whose claims `findAccessRefusal` may then rely on:
 *   `oid` and `sub` are strings, `roles` is absent or an array of strings.
 * @throws {AuthFailure} naming the first rule broken.
 */
export function checkEntraClaims(claims: JWTPayload, rules: EntraClaimRules): Caller {
  const { issuers, tenantId, clientId } = rules;
  const tokenVersion = claims.iss === issuers.v2Issuer ? '2.0' : '1.0';
  if (claims['ver'] !== tokenVersion) {
    fail('ERR_VER_MISMATCH', `token ver does not match its v${tokenVersion} issuer`);
  }
  // A list holding our audience is not acceptable: the token was minted for several parties.
  const expectedAudience = tokenVersion === '2.0' ? clientId : `api://${clientId}`;
  if (typeof claims.aud !== 'string' || claims.aud !== expectedAudience) {
    fail('ERR_AUD_MISMATCH', `token aud is not this API's v${tokenVersion} audience`);
  }
  // A token can carry a trusted iss with another tenant's tid; tid is what Entra scopes by.
  if (claims['tid'] !== tenantId) fail('ERR_TID_MISMATCH', 'token tid is not the tenant');
  checkKeyIssuer(claims, rules);
  const { iat, exp } = claims as { iat: number; exp: number };
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS || exp <= iat) {
    fail(
      'ERR_LIFETIME_INVALID',
      `token lifetime is not within (0, ${MAX_TOKEN_LIFETIME_SECONDS}] s`,
    );
  }

  const callerClaim = tokenVersion === '2.0' ? 'azp' : 'appid';
  const appId = claims[callerClaim];
  const { oid, sub, roles } = claims as Record<string, unknown>;
  if (typeof appId !== 'string' || appId === '') {
    fail('ERR_CLAIM_MISSING', `v${tokenVersion} token lacks "${callerClaim}"`);
  }
  if (typeof oid !== 'string' || oid === '' || typeof sub !== 'string') {
    fail('ERR_CLAIM_INVALID', 'token oid or sub is not a string');
  }
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((r) => typeof r === 'string'))) {
    fail('ERR_CLAIM_INVALID', 'token roles is not an array of strings');
  }
  return Object.freeze({ appId: appId, objectId: oid, tokenVersion });
}

/**
 * Entra keys may name the issuer they sign for. Its v2 keys name the v2 issuer even when they
 * sign v1 tokens, which is why Microsoft.IdentityModel also accepts the v2 form for a v1 token.
 */
function checkKeyIssuer(claims: JWTPayload, rules: EntraClaimRules): void {
  if (rules.keyIssuer === undefined) return;
  const keyIssuer = rules.keyIssuer.replaceAll('{tenantid}', rules.tenantId);
  if (keyIssuer !== claims.iss && keyIssuer !== rules.issuers.v2Issuer) {
    fail('ERR_KEY_ISSUER_MISMATCH', "the signing key's issuer is not the token's");
  }
}
