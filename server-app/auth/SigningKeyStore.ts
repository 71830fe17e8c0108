import type { Logger } from '../../shared/logging/Logger.js';
import { AuthFailure } from './AuthFailure.js';
import type { SigningKey, SigningKeySet } from './importSigningKeys.js';
import { IssuerFaultLog } from './IssuerFaultLog.js';
import type { IssuerMetadata } from './loadIssuerMetadata.js';
import { loadIssuerSet } from './loadIssuerSet.js';

/** Options of {@link SigningKeyStore}; the authenticator's options, defaults applied. */
export interface SigningKeyStoreOptions {
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** One deadline for a whole load: both discovery documents and the key set. */
  readonly fetchTimeoutMs: number;
  readonly refreshIntervalMs: number;
  readonly keyRefetchCooldownMs: number;
  readonly failureBackoffMs: number;
  readonly faultLogIntervalMs: number;
  /** Process-level: refreshes run in the background, after the request that began them. */
  readonly logger: Logger;
  /** An AbortSignal that aborts after `timeoutMs` (`AbortSignal.timeout`; tests fire their own). */
  readonly deadline: (timeoutMs: number) => AbortSignal;
}

/** Result of {@link SigningKeyStore.check}: a value, never a throw. */
export type IssuerCheck =
  | { readonly ok: true; readonly usableKeys: number }
  | { readonly ok: false; readonly failure: AuthFailure };

interface GoodSet {
  readonly metadata: IssuerMetadata;
  readonly keys: SigningKeySet;
  /** When metadata and keys were last loaded together, ms. */
  readonly refreshedAt: number;
  /** When the keys were last loaded, ms: the unknown-`kid` cooldown runs from here. */
  readonly keysAt: number;
}

type LoadKind = 'full' | 'keys';

/**
 * The tenant's trusted issuers and signing keys: the last known good set, refreshed in the
 * background (stale-while-revalidate), as Microsoft.IdentityModel keeps its last known good
 * configuration.
 *
 * - A request never waits for a scheduled refresh while a good set is held; only a cold start
 *   waits, for metadata and keys under one shared deadline (`fetchTimeoutMs`).
 * - A `kid` not in the set triggers one bounded refetch of the keys per `keyRefetchCooldownMs`,
 *   so rotated keys are picked up and made-up `kid`s cannot make us hammer the provider.
 * - Nothing the provider answers replaces the good set unless it is complete and usable: an
 *   error, a hang, garbage, an oversize or empty key set, no usable RS256 key, a `jwks_uri`
 *   outside the authority. The fault is logged once per fault per `faultLogIntervalMs`, and no
 *   new load starts within `failureBackoffMs` of a failed one.
 *
 * Not jose's `createRemoteJWKSet`: it does not say which JWK verified (Entra's `issuer` member
 * must be checked), times its cache with the real clock, and its errors do not separate an
 * outage (503) from a bad token (401).
 */
export class SigningKeyStore {
  readonly #options: SigningKeyStoreOptions;
  readonly #log: IssuerFaultLog;
  #good: GoodSet | undefined;
  #pending: Promise<void> | undefined;
  #failure: { readonly failure: AuthFailure; readonly at: number } | undefined;

  constructor(options: SigningKeyStoreOptions) {
    this.#options = options;
    this.#log = new IssuerFaultLog(options.logger, options.faultLogIntervalMs, options.now);
  }

  /**
   * The trusted issuers; waits only when no good set was ever loaded.
   *
   * @throws {AuthFailure} an `unavailable` code when none could be loaded.
   */
  async issuers(): Promise<IssuerMetadata> {
    return (await this.#current()).metadata;
  }

  /**
   * @throws {AuthFailure} `ERR_KID_UNKNOWN`, `ERR_KEY_TOO_SMALL`, `ERR_KEY_AMBIGUOUS`, or an
   *   `unavailable` code when the key set cannot be had (an unknown `kid` that could not be
   *   looked up included: the key may well exist).
   */
  async getKey(kid: string): Promise<SigningKey> {
    const good = await this.#current();
    const found = good.keys.get(kid) ?? (await this.#lookUpUnknown(kid));
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

  /**
   * Loads metadata and keys now (or joins a load under way), bounded by one deadline, and says
   * how it went without logging it: for the startup check, which reports it itself.
   */
  async check(): Promise<IssuerCheck> {
    const startedAt = this.#options.now();
    await (this.#pending ?? this.#start('full', { quiet: true }));
    const failure = this.#failure;
    if (failure !== undefined && failure.at >= startedAt)
      return { ok: false, failure: failure.failure };
    const keys = this.#good?.keys;
    const usableKeys =
      keys === undefined ? 0 : [...keys.values()].filter((k) => typeof k === 'object').length;
    return { ok: true, usableKeys };
  }

  /** Resolves once no load is under way (a background refresh included); for tests. */
  async idle(): Promise<void> {
    while (this.#pending !== undefined) await this.#pending;
  }

  async #current(): Promise<GoodSet> {
    const good = this.#good;
    if (good !== undefined) {
      if (this.#options.now() - good.refreshedAt >= this.#options.refreshIntervalMs) {
        // Deliberately not awaited: the held set stays valid while the refresh runs.
        void this.#startUnlessBackingOff('full');
      }
      return good;
    }
    await (this.#pending ?? this.#startUnlessBackingOff('full'));
    if (this.#good !== undefined) return this.#good;
    throw this.#unavailable();
  }

  async #lookUpUnknown(kid: string): Promise<SigningKey | 'too-small' | 'ambiguous' | undefined> {
    const startedAt = this.#options.now();
    if (this.#pending === undefined) {
      const good = this.#good;
      if (good !== undefined && startedAt - good.keysAt < this.#options.keyRefetchCooldownMs) {
        return undefined;
      }
    }
    await (this.#pending ?? this.#startUnlessBackingOff('keys'));
    const failure = this.#failure;
    if (failure !== undefined && failure.at >= startedAt - this.#options.failureBackoffMs) {
      const found = this.#good?.keys.get(kid);
      if (found !== undefined) return found;
      throw this.#unavailable();
    }
    return this.#good?.keys.get(kid);
  }

  /** Starts a load unless one failed within the backoff; resolves when it has settled. */
  #startUnlessBackingOff(kind: LoadKind): Promise<void> {
    if (this.#pending !== undefined) return this.#pending;
    if (this.#backoffLeftMs() > 0) return Promise.resolve();
    return this.#start(kind, { quiet: false });
  }

  #start(kind: LoadKind, { quiet }: { readonly quiet: boolean }): Promise<void> {
    const pending = this.#load(kind, quiet).finally(() => {
      this.#pending = undefined;
    });
    this.#pending = pending;
    return pending;
  }

  /** Never rejects: a failure is recorded, logged unless `quiet`, and the good set kept. */
  async #load(kind: LoadKind, quiet: boolean): Promise<void> {
    const { now, fetchTimeoutMs, failureBackoffMs } = this.#options;
    const held = this.#good;
    const full = kind === 'full' || held === undefined;
    try {
      const signal = this.#options.deadline(fetchTimeoutMs);
      const loaded = await loadIssuerSet(this.#options, signal, full ? undefined : held.metadata);
      const at = now();
      const refreshedAt = full ? at : (held?.refreshedAt ?? at);
      this.#good = { ...loaded, refreshedAt, keysAt: at };
      if (this.#failure !== undefined && !quiet) this.#log.recovered(this.#failure.failure);
      this.#failure = undefined;
    } catch (error) {
      const failure =
        error instanceof AuthFailure
          ? error
          : new AuthFailure('ERR_INTERNAL', `signing key refresh threw ${String(error)}`);
      this.#failure = { failure, at: now() };
      const keysAgeMs = held === undefined ? undefined : now() - held.keysAt;
      if (!quiet) this.#log.fault(failure, keysAgeMs, toRetryAfterSeconds(failureBackoffMs));
    }
  }

  #backoffLeftMs(): number {
    const failure = this.#failure;
    if (failure === undefined) return 0;
    return Math.max(0, failure.at + this.#options.failureBackoffMs - this.#options.now());
  }

  /** The recorded failure as a 503, with when to come back. */
  #unavailable(): AuthFailure {
    const recorded = this.#failure?.failure;
    const retryAfterSeconds = toRetryAfterSeconds(this.#backoffLeftMs());
    if (recorded === undefined) {
      return new AuthFailure('ERR_KEYS_UNAVAILABLE', 'signing keys unavailable', {
        retryAfterSeconds,
      });
    }
    return new AuthFailure(recorded.code, recorded.message, { cause: recorded, retryAfterSeconds });
  }
}

function toRetryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
