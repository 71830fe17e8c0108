import { AuthFailure } from './AuthFailure.js';

/** Longest token accepted; Entra access tokens are a few KB. Checked before any parsing. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Extracts the bearer token from the `Authorization` header. The scheme is case-insensitive
 * (RFC 7235 §2.1); exactly one space must follow it. The token's characters are checked later,
 * by `readJwsHeader` (with {@link assertToken68}), so that a token already validated (and
 * cached) does not pay for that scan again.
 *
 * @throws {AuthFailure} `ERR_NO_CREDENTIALS` / `ERR_NOT_BEARER` (no challenge error),
 *   `ERR_HEADER_MULTIPLE` / `ERR_HEADER_MALFORMED` (400), `ERR_TOKEN_TOO_LARGE` (401).
 */
export function readBearerToken(headers: Headers): string {
  const value = headers.get('authorization');
  if (value === null || value === '') {
    throw new AuthFailure('ERR_NO_CREDENTIALS', 'no Authorization header');
  }
  const space = value.indexOf(' ');
  const scheme = space === -1 ? value : value.slice(0, space);
  if (scheme.toLowerCase() !== 'bearer') {
    // `Headers` joins repeated headers with ", ", so "Basic x, Bearer y" is two credentials.
    if (/,\s*bearer\b/i.test(value)) {
      throw new AuthFailure('ERR_HEADER_MULTIPLE', 'several credentials in Authorization');
    }
    throw new AuthFailure('ERR_NOT_BEARER', 'Authorization scheme is not Bearer');
  }
  const token = space === -1 ? '' : value.slice(space + 1);
  if (token.length > MAX_TOKEN_LENGTH) {
    throw new AuthFailure(
      'ERR_TOKEN_TOO_LARGE',
      `token longer than ${MAX_TOKEN_LENGTH} characters`,
    );
  }
  if (token.includes(',')) {
    throw new AuthFailure('ERR_HEADER_MULTIPLE', 'several credentials in Authorization');
  }
  if (token === '' || token.includes(' ')) {
    throw new AuthFailure('ERR_HEADER_MALFORMED', 'Authorization is not "Bearer <token68>"');
  }
  return token;
}

/**
 * @throws {AuthFailure} `ERR_HEADER_MALFORMED` (400) unless `token` is an RFC 6750 b64token.
 */
export function assertToken68(token: string): void {
  if (!TOKEN68.test(token)) {
    throw new AuthFailure('ERR_HEADER_MALFORMED', 'Authorization is not "Bearer <token68>"');
  }
}
