import { AuthFailure } from './AuthFailure.js';
import type { CompactJws } from './readJwsHeader.js';
import {
  SigningKeyStore,
  type IssuerCheck,
  type SigningKeyStoreOptions,
} from './SigningKeyStore.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One {@link SigningKeyStore} per allowed tenant, each with that tenant's own metadata (its
 * tenant-specific issuers) and key set: a token is checked only against the store of its own
 * tenant. There is no shared or "common" store and no way to skip the issuer check.
 */
export class TenantKeyStores {
  readonly #stores: ReadonlyMap<string, SigningKeyStore>;
  readonly #only: readonly [string, SigningKeyStore] | undefined;

  constructor(options: Omit<SigningKeyStoreOptions, 'tenantId'>, tenantIds: readonly string[]) {
    this.#stores = new Map(
      tenantIds.map((tenantId) => [tenantId, new SigningKeyStore({ ...options, tenantId })]),
    );
    const [first] = this.#stores;
    this.#only = this.#stores.size === 1 ? first : undefined;
  }

  /**
   * The one tenant and its store when only one is allowed: tokens are then checked against it
   * without reading their payload first (its `tid` is checked after the signature like every
   * claim), and a request waits for its metadata before its header is even read, as ever.
   */
  sole(): { readonly tenantId: string; readonly store: SigningKeyStore } | undefined {
    return this.#only === undefined ? undefined : { tenantId: this.#only[0], store: this.#only[1] };
  }

  /**
   * The tenant a token claims and that tenant's store ({@link sole} when only one is allowed).
   * With several, the unverified `tid` picks the store, and nothing else of it is trusted: the
   * signature must then verify with a key of that tenant's set, and `iss` and `tid` are checked
   * against that tenant once it has.
   *
   * @throws {AuthFailure} `ERR_TENANT_NOT_ALLOWED` when `tid` names no allowed tenant,
   *   `ERR_TOKEN_MALFORMED` when the payload is not a JSON object.
   */
  forToken(jws: CompactJws): { readonly tenantId: string; readonly store: SigningKeyStore } {
    const sole = this.sole();
    if (sole !== undefined) return sole;
    const tid = claimedTenant(jws.payloadSegment);
    const store = tid === undefined ? undefined : this.#stores.get(tid);
    if (tid === undefined || store === undefined) {
      throw new AuthFailure('ERR_TENANT_NOT_ALLOWED', 'token tid is not an allowed tenant');
    }
    return { tenantId: tid, store };
  }

  /** Every tenant's check; the first failure, or the usable keys of all. */
  async check(): Promise<IssuerCheck> {
    const checks = await Promise.all([...this.#stores.values()].map((store) => store.check()));
    let usableKeys = 0;
    for (const check of checks) {
      if (!check.ok) return check;
      usableKeys += check.usableKeys;
    }
    return { ok: true, usableKeys };
  }

  async idle(): Promise<void> {
    await Promise.all([...this.#stores.values()].map((store) => store.idle()));
  }
}

function claimedTenant(payloadSegment: string): string | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadSegment, 'base64url').toString('utf8'));
  } catch {
    throw new AuthFailure('ERR_TOKEN_MALFORMED', 'token payload is not base64url JSON');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new AuthFailure('ERR_TOKEN_MALFORMED', 'token payload is not a JSON object');
  }
  const tid = (payload as Record<string, unknown>)['tid'];
  return typeof tid === 'string' && GUID.test(tid) ? tid : undefined;
}
