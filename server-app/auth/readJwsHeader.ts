import { decodeProtectedHeader } from 'jose';

import { AuthFailure } from './AuthFailure.js';

/** A compact JWS cut into its parts, with the header checked as far as it can be without a key. */
export interface CompactJws {
  /** `base64url(header) "." base64url(payload)`: the bytes the signature covers. */
  readonly signingInput: string;
  readonly payloadSegment: string;
  readonly signatureSegment: string;
  readonly kid: string;
  /** The `typ` header, checked after the signature, as jose orders it. */
  readonly typ: unknown;
}

/** The one algorithm accepted: Entra signs access tokens with RS256 only. */
export const PINNED_ALGORITHM = 'RS256';

// Header and payload non-empty; the signature may be empty so that `alg: none` is refused as
// such. base64url only: no padding, no `+`/`/` that a lenient decoder would also take.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Splits a compact JWS and checks its protected header, parsed by jose: a JSON object, no
 * `crit` (no extension is understood here, so none may be critical), `alg` exactly RS256, and
 * a string `kid`. `jku`, `x5u`, `jwk` and `x5c` are ignored: keys come from the tenant only.
 *
 * @throws {AuthFailure} `ERR_TOKEN_MALFORMED`, `ERR_ALG_NOT_ALLOWED`, `ERR_KID_MISSING`.
 */
export function readJwsHeader(token: string): CompactJws {
  if (!COMPACT_JWS.test(token)) throw malformed('not three base64url segments');
  const headerEnd = token.indexOf('.');
  const payloadEnd = token.indexOf('.', headerEnd + 1);
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader({ protected: token.slice(0, headerEnd) });
  } catch {
    throw malformed('header is not a base64url JSON object');
  }
  if (header['crit'] !== undefined) throw malformed('header has a crit member');
  const { alg, kid, typ } = header;
  if (typeof alg !== 'string' || alg === '') throw malformed('header has no alg');
  if (alg !== PINNED_ALGORITHM) {
    throw new AuthFailure('ERR_ALG_NOT_ALLOWED', `token alg is not ${PINNED_ALGORITHM}`);
  }
  if (typeof kid !== 'string' || kid === '') {
    throw new AuthFailure('ERR_KID_MISSING', 'token header has no kid');
  }
  return {
    signingInput: token.slice(0, payloadEnd),
    payloadSegment: token.slice(headerEnd + 1, payloadEnd),
    signatureSegment: token.slice(payloadEnd + 1),
    kid,
    typ,
  };
}

// The reason is ours, never header text the sender chose.
const malformed = (reason: string) =>
  new AuthFailure('ERR_TOKEN_MALFORMED', `token is not a valid JWS (${reason})`);
