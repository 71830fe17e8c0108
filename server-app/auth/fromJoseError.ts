import { errors } from 'jose';

import { AuthFailure } from './AuthFailure.js';

/**
 * Converts what `jwtVerify` throws into an {@link AuthFailure} with a fixed message: jose's
 * errors carry the claims (`payload`) and sometimes sender-chosen text, neither of which is kept.
 * Anything that is not a jose error is returned unchanged.
 */
export function fromJoseError(error: unknown): unknown {
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat'
      ? new AuthFailure('ERR_IAT_INVALID', 'token issued longer ago than the longest lifetime')
      : new AuthFailure('ERR_EXPIRED', 'token expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return fromClaimFailure(error);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthFailure('ERR_ALG_NOT_ALLOWED', 'token alg is not RS256');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthFailure('ERR_SIGNATURE_INVALID', 'token signature does not verify');
  }
  if (error instanceof errors.JOSEError) {
    // jose's message may quote header values the sender chose; its code is constant.
    return new AuthFailure('ERR_TOKEN_MALFORMED', `token is not a valid JWS (${error.code})`);
  }
  return error;
}

function fromClaimFailure(error: InstanceType<typeof errors.JWTClaimValidationFailed>) {
  const { claim, reason } = error;
  if (reason === 'missing') {
    return new AuthFailure('ERR_CLAIM_MISSING', `token lacks the "${claim}" claim`);
  }
  if (reason === 'invalid') {
    return new AuthFailure('ERR_CLAIM_INVALID', `token "${claim}" claim has the wrong type`);
  }
  switch (claim) {
    case 'typ':
      return new AuthFailure('ERR_TYP_INVALID', 'token typ header is not JWT');
    case 'iss':
      return new AuthFailure('ERR_ISS_UNTRUSTED', "token iss is not one of the tenant's issuers");
    case 'nbf':
      return new AuthFailure('ERR_NOT_YET_VALID', 'token nbf is in the future');
    case 'iat':
      return new AuthFailure('ERR_IAT_INVALID', 'token iat is in the future');
    default:
      return new AuthFailure('ERR_CLAIM_INVALID', `token "${claim}" claim failed its check`);
  }
}
