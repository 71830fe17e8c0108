import { KeyObject } from 'node:crypto';

import { importJWK } from 'jose';

import { IssuerFault } from './IssuerFault.js';

/** RFC 8725 §3.5 and jose's own floor for RS256. */
const MIN_RSA_BITS = 2048;

/** A key that can verify RS256 signatures, with the `issuer` Entra may attach to it. */
export interface SigningKey {
  /**
   * Imported by jose (its JWK checks), held as a KeyObject so the signature check can run as a
   * synchronous `crypto.verify`, without WebCrypto's hop to the thread pool.
   */
  readonly key: KeyObject;
  /** The JWK's `issuer` member, possibly holding `{tenantid}`. */
  readonly issuer: string | undefined;
  /** The `jwks_uri` the key came from: which tenant's key set holds it. */
  readonly jwksUri: string;
}

/** Why a `kid` of the set cannot be used; reported instead of "unknown kid". */
export type UnusableKey = 'too-small' | 'ambiguous';

export type SigningKeySet = ReadonlyMap<string, SigningKey | UnusableKey>;

/**
 * Imports the RS256 signing keys of a JWK Set, by `kid`. Members that are not RSA signature
 * keys usable with RS256 are left out; only the public parameters are imported. A `kid` that
 * appears twice, or names a key under 2048 bits, maps to why it is unusable.
 *
 * @throws {IssuerFault} `ERR_ISSUER_DOCUMENT_INVALID` when the document is not a JWK Set,
 *   `ERR_ISSUER_NO_USABLE_KEYS` when it holds no usable key: such a set never replaces one in
 *   hand (an empty `{"keys":[]}` would otherwise refuse every genuine token).
 */
export async function importSigningKeys(
  jwks: Record<string, unknown>,
  url: string,
): Promise<SigningKeySet> {
  const members = jwks['keys'];
  if (!Array.isArray(members)) {
    throw new IssuerFault('ERR_ISSUER_DOCUMENT_INVALID', `${url} is not a JWK Set`);
  }
  const keys = new Map<string, SigningKey | UnusableKey>();
  for (const member of members as unknown[]) {
    const candidate = await importCandidate(member, url);
    if (candidate === undefined) continue;
    const [kid, key] = candidate;
    keys.set(kid, keys.has(kid) ? 'ambiguous' : key);
  }
  if (![...keys.values()].some((key) => typeof key === 'object')) {
    throw new IssuerFault(
      'ERR_ISSUER_NO_USABLE_KEYS',
      `${url} holds no usable RS256 signing key (${members.length} members)`,
    );
  }
  return keys;
}

async function importCandidate(
  member: unknown,
  jwksUri: string,
): Promise<readonly [string, SigningKey | UnusableKey] | undefined> {
  if (typeof member !== 'object' || member === null) return undefined;
  const jwk = member as Record<string, unknown>;
  const { kid, kty, use, alg, n, e, issuer } = jwk;
  const keyOps = jwk['key_ops'];
  if (typeof kid !== 'string' || kid === '' || kty !== 'RSA') return undefined;
  if (use !== undefined && use !== 'sig') return undefined;
  if (alg !== undefined && alg !== 'RS256') return undefined;
  if (keyOps !== undefined && !(Array.isArray(keyOps) && keyOps.includes('verify'))) {
    return undefined;
  }
  if (typeof n !== 'string' || typeof e !== 'string') return undefined;
  let key: KeyObject;
  try {
    key = KeyObject.from(await importJWK({ kty, n, e }, 'RS256'));
  } catch {
    return undefined;
  }
  const modulusLength = key.asymmetricKeyDetails?.modulusLength;
  if (modulusLength === undefined || modulusLength < MIN_RSA_BITS) return [kid, 'too-small'];
  return [kid, { key, issuer: typeof issuer === 'string' ? issuer : undefined, jwksUri }];
}
