import { decodeProtectedHeader } from 'jose';

import { AuthFailure } from './AuthFailure.js';
import { assertToken68 } from './readBearerToken.js';

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
// such. base64url only: no padding, no `+`/`/` that a lenient decoder would also take. Every
// string it matches is also an RFC 6750 b64token.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The checked part of a protected header. */
type CheckedHeader = Pick<CompactJws, 'kid' | 'typ'>;

/**
 * Checked headers by their exact base64url text. A tenant signs every token of one key under the
 * same header, so genuine tokens (and forged ones copying a known `kid`) skip the decode and the
 * JSON parse; the check is a pure function of the text, so a hit answers what a parse would.
 * Bounded: once full it is emptied, so headers sent to fill it cost what they cost without it.
 */
const checkedHeaders = new Map<string, CheckedHeader>();
const CHECKED_HEADERS_MAX = 64;

/**
 * Splits a compact JWS and checks its protected header, parsed by jose: a JSON object, no
 * `crit` (no extension is understood here, so none may be critical), `alg` exactly RS256, and
 * a string `kid`. `jku`, `x5u`, `jwk` and `x5c` are ignored: keys come from the tenant only.
 * One scan of the token decides its syntax: a token that is not even an RFC 6750 b64token is a
 * malformed request (400), one that is but not a compact JWS a malformed token (401).
 *
 * @throws {AuthFailure} `ERR_HEADER_MALFORMED`, `ERR_TOKEN_MALFORMED`, `ERR_ALG_NOT_ALLOWED`,
 *   `ERR_KID_MISSING`.
 */
export function readJwsHeader(token: string): CompactJws {
  if (!COMPACT_JWS.test(token)) {
    assertToken68(token);
    throw malformed('not three base64url segments');
  }
  const headerEnd = token.indexOf('.');
  const payloadEnd = token.indexOf('.', headerEnd + 1);
  const headerSegment = token.slice(0, headerEnd);
  let header = checkedHeaders.get(headerSegment);
  if (header === undefined) {
    header = checkHeader(headerSegment);
    if (checkedHeaders.size >= CHECKED_HEADERS_MAX) checkedHeaders.clear();
    checkedHeaders.set(headerSegment, header);
  }
  return {
    signingInput: token.slice(0, payloadEnd),
    payloadSegment: token.slice(headerEnd + 1, payloadEnd),
    signatureSegment: token.slice(payloadEnd + 1),
    kid: header.kid,
    typ: header.typ,
  };
}

function checkHeader(headerSegment: string): CheckedHeader {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader({ protected: headerSegment });
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
  return { kid, typ };
}

// The reason is ours, never header text the sender chose.
const malformed = (reason: string) =>
  new AuthFailure('ERR_TOKEN_MALFORMED', `token is not a valid JWS (${reason})`);
