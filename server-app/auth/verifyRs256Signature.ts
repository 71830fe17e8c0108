import { constants, verify, type KeyObject } from 'node:crypto';

/**
 * RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) and nothing else: the digest and the
 * padding are fixed here, never taken from the token. A synchronous `crypto.verify`: WebCrypto's
 * `subtle.verify` (what jose uses) queues each check to the thread pool, which costs more than
 * the RSA operation itself at this size.
 *
 * @returns whether `signatureSegment` (base64url) signs `signingInput` under `key`.
 */
export function verifyRs256Signature(
  signingInput: string,
  signatureSegment: string,
  key: KeyObject,
): boolean {
  try {
    return verify(
      'sha256',
      Buffer.from(signingInput, 'latin1'),
      { key, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(signatureSegment, 'base64url'),
    );
  } catch {
    // OpenSSL refuses a signature of the wrong length by throwing: still just "does not verify".
    return false;
  }
}
