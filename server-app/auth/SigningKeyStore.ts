import { AuthFailure } from './AuthFailure.js';
import { fetchJsonObject } from './fetchJsonObject.js';
import { importSigningKeys, type SigningKey, type SigningKeySet } from './importSigningKeys.js';
import { loadIssuerMetadata, type IssuerMetadata } from './loadIssuerMetadata.js';
import { RefreshableValue } from './RefreshableValue.js';

/** Options of {@link SigningKeyStore}; the authenticator's options, defaults applied. */
export interface SigningKeyStoreOptions {
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly fetchTimeoutMs: number;
  readonly refreshIntervalMs: number;
  readonly keyRefetchCooldownMs: number;
  readonly failureBackoffMs: number;
}

/**
 * The tenant's trusted issuers and signing keys, fetched from its discovery documents and kept
 * for `refreshIntervalMs`. While a refresh fails the last good copy is used. A `kid` not in the
 * set triggers one refetch per `keyRefetchCooldownMs`, so rotated keys are picked up and
 * made-up `kid`s cannot make us hammer the identity provider.
 *
 * Not jose's `createRemoteJWKSet`: it does not say which JWK verified (Entra's `issuer` member
 * must be checked), times its cache with the real clock, and its errors do not separate an
 * outage (503) from a bad token (401).
 */
export class SigningKeyStore {
  readonly #options: SigningKeyStoreOptions;
  readonly #metadata: RefreshableValue<IssuerMetadata>;
  readonly #keys: RefreshableValue<SigningKeySet>;

  constructor(options: SigningKeyStoreOptions) {
    this.#options = options;
    const { fetch, now, fetchTimeoutMs: timeoutMs, failureBackoffMs } = options;
    this.#metadata = new RefreshableValue({
      description: `OpenID metadata of tenant ${options.tenantId}`,
      failureCode: 'ERR_METADATA_UNAVAILABLE',
      load: () => loadIssuerMetadata({ ...options, timeoutMs }),
      now,
      failureBackoffMs,
    });
    this.#keys = new RefreshableValue({
      description: `signing keys of tenant ${options.tenantId}`,
      failureCode: 'ERR_KEYS_UNAVAILABLE',
      load: async () => {
        const { jwksUri } = await this.issuers();
        return importSigningKeys(await fetchJsonObject(fetch, jwksUri, timeoutMs), jwksUri);
      },
      now,
      failureBackoffMs,
    });
  }

  /** @throws {AuthFailure} `ERR_METADATA_UNAVAILABLE` when no metadata was ever loaded. */
  issuers(): Promise<IssuerMetadata> {
    return this.#metadata.get(this.#options.refreshIntervalMs, true);
  }

  /**
   * @throws {AuthFailure} `ERR_KID_UNKNOWN`, `ERR_KEY_TOO_SMALL`, `ERR_KEY_AMBIGUOUS`, or
   *   `ERR_KEYS_UNAVAILABLE` / `ERR_METADATA_UNAVAILABLE` when the keys cannot be fetched.
   */
  async getKey(kid: string): Promise<SigningKey> {
    let found = (await this.#keys.get(this.#options.refreshIntervalMs, true)).get(kid);
    if (found === undefined) {
      // A fetch failure here is a 503, not "unknown kid": the key may well exist.
      found = (await this.#keys.get(this.#options.keyRefetchCooldownMs, false)).get(kid);
    }
    if (found === undefined) {
      throw new AuthFailure('ERR_KID_UNKNOWN', 'token names a kid absent from the key set');
    }
    if (found === 'too-small') {
      throw new AuthFailure('ERR_KEY_TOO_SMALL', 'token names a key of less than 2048 bits');
    }
    if (found === 'ambiguous') {
      throw new AuthFailure('ERR_KEY_AMBIGUOUS', 'token names a kid the key set holds twice');
    }
    return found;
  }
}
