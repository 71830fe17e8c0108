/**
 * Verdicts on genuine tokens (every signature, issuer, audience, tenant and time check passed),
 * by token hash, so a client reusing its token (managed-identity tokens live ~24 h) costs a hash
 * and a map lookup instead of an RSA verify. Bounded, least recently used first out; an entry is
 * never returned at or after its `exp`. Callers store only verdicts the token's content alone
 * decides: a 401 must be re-examined, since a key rotation or the passing of `nbf` may change
 * the answer, and a 503 says nothing about the token at all.
 */
export class ValidatedTokenCache<T> {
  readonly #maxEntries: number;
  // Map iteration order is insertion order: re-inserting on a hit makes the first key the LRU.
  readonly #entries = new Map<string, { readonly value: T; readonly expiresAt: number }>();

  /** @param maxEntries how many tokens to remember; 0 disables the cache. */
  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value stored for `tokenHash` if `now` (ms) is before its expiry, else undefined. */
  get(tokenHash: string, now: number): T | undefined {
    const entry = this.#entries.get(tokenHash);
    if (entry === undefined) return undefined;
    this.#entries.delete(tokenHash);
    if (now >= entry.expiresAt) return undefined;
    this.#entries.set(tokenHash, entry);
    return entry.value;
  }

  /** Remembers `value` until `expiresAt` (ms), evicting the least recently used when full. */
  set(tokenHash: string, value: T, expiresAt: number): void {
    if (this.#maxEntries === 0) return;
    this.#entries.delete(tokenHash);
    while (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(tokenHash, { value, expiresAt });
  }
}
