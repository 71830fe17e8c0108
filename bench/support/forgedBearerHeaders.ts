/**
 * A source of forged bearer tokens for load: the genuine token's header and payload (so its
 * `kid` is one the server knows) under a signature whose first bytes carry a counter. Every call
 * gives a token never seen before, so no cache can answer it, and none verifies. The genuine
 * token itself is never returned or printed.
 */
export function forgedBearerHeaders(genuineToken: string): () => { authorization: string } {
  const cut = genuineToken.lastIndexOf('.');
  const signingInput = genuineToken.slice(0, cut);
  const signature = Buffer.from(genuineToken.slice(cut + 1), 'base64url');
  let counter = 0;
  return () => {
    // 6 bytes: 2^48 tokens before a repeat, more than any bench sends.
    signature.writeUIntBE(++counter % 2 ** 48, 0, 6);
    return { authorization: `Bearer ${signingInput}.${signature.toString('base64url')}` };
  };
}
