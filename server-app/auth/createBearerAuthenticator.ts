import { hash } from 'node:crypto';

import type { Logger } from '../../shared/logging/Logger.js';
import { AuthFailure } from './AuthFailure.js';
import { CachedRefusal, type RefusalLogProperties } from './CachedRefusal.js';
import { readBearerToken } from './readBearerToken.js';
import { readJwsHeader } from './readJwsHeader.js';
import type { AuthOutcome, RequestAuthenticator } from './RequestAuthenticator.js';
import { RefusalLog } from './RefusalLog.js';
import { resolveBearerOptions } from './resolveBearerOptions.js';
import type { IssuerCheck } from './SigningKeyStore.js';
import { TenantKeyStores } from './TenantKeyStores.js';
import { ValidatedTokenCache } from './ValidatedTokenCache.js';
import { verifyEntraToken } from './verifyEntraToken.js';

/** Options of {@link createBearerAuthenticator}. */
export interface BearerAuthenticatorOptions {
  /** The Entra tenant (directory) ID of the API, a lowercase GUID. */
  readonly tenantId: string;
  /**
   * Tenants whose tokens are accepted (lowercase GUIDs), each validated against its own
   * metadata and key set: a token's `iss` must be the issuer of its own `tid`. Default: only
   * `tenantId`.
   */
  readonly allowedTenants?: readonly string[];
  /** The server app registration's client ID (ORDERS_API_CLIENT_ID), a lowercase GUID. */
  readonly clientId: string;
  /**
   * e.g. `https://login.microsoftonline.com`; `http:` only for a loopback test issuer. An origin:
   * no path, no trailing slash. Discovery documents are read from `{authorityHost}/{tenantId}/…`.
   */
  readonly authorityHost: string;
  /** Application (client) IDs allowed to call; empty admits any app of the tenant with the role. */
  readonly allowedClients: readonly string[];
  /** The application role a caller must hold, matched exactly. Default `Orders.Read`. */
  readonly requiredRole?: string;
  /**
   * Process-level (background refreshes log after any request has ended). Receives a warning per
   * refusal with its reason code and a token fingerprint, never the token: each 403 on first
   * sight, 400/401s at most once per `faultLogIntervalMs` per code (see {@link RefusalLog}), a
   * cached 403 repeated at most once a minute per token (see {@link CachedRefusal}), and
   * identity-provider faults once per fault per `faultLogIntervalMs`.
   */
  readonly logger: Logger;
  /** Refuse tokens without `idtyp: "app"`. Default false: Entra adds it only when configured. */
  readonly requireIdtyp?: boolean;
  /** Milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** Used for the discovery documents and the key set. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Allowed clock skew for `exp`, `nbf`, `iat`, in seconds, at most 300. Default 60. */
  readonly clockToleranceSeconds?: number;
  /**
   * How many genuine tokens to remember, accepted and (separately, as many again) refused with a
   * 403; 0 disables both caches. Default 1000.
   */
  readonly cacheSize?: number;
  /**
   * Deadline of one load of the tenant's metadata and keys, all documents together, ms: what a
   * cold start or an unknown `kid` can wait at most. Default 5000.
   */
  readonly fetchTimeoutMs?: number;
  /** Age after which metadata and keys are fetched again, ms. Default 12 h (as IdentityModel). */
  readonly refreshIntervalMs?: number;
  /** Least time between refetches for unknown `kid`s, ms. Default 5 min (as IdentityModel). */
  readonly keyRefetchCooldownMs?: number;
  /** After a failed fetch, how long requests get 503 without a new attempt, ms. Default 10 s. */
  readonly failureBackoffMs?: number;
  /**
   * Least time between two log lines about the same identity-provider fault, or about 400/401
   * refusals of the same code, ms. Default 60 s.
   */
  readonly faultLogIntervalMs?: number;
  /** Makes the AbortSignal bounding one load. Default `AbortSignal.timeout`; tests fire their own. */
  readonly deadline?: (timeoutMs: number) => AbortSignal;
}

/** The Orders API's authenticator, with the hooks its startup check and tests need. */
export interface BearerAuthenticator extends RequestAuthenticator {
  /**
   * Loads the tenant's metadata and keys now (bounded by `fetchTimeoutMs`) and says how it went;
   * never throws and logs nothing itself, so the caller can name the settings to fix.
   */
  checkIssuer(): Promise<IssuerCheck>;
  /** Resolves once no metadata or key load is under way, background refreshes included. */
  idle(): Promise<void>;
}

/**
 * Creates the Orders API's {@link RequestAuthenticator}: it accepts only Entra app-only access
 * tokens (v1.0 or v2.0) of the allowed tenants (by default the configured tenant), issued for this API, carrying the required
 * application role, optionally from allowed callers. Identity headers such as
 * `X-MS-CLIENT-PRINCIPAL` are ignored: the bearer token is always validated here.
 *
 * Answers follow RFC 6750: 401 without error code when no bearer token is sent, 400
 * `invalid_request` for a malformed header, 401 `invalid_token`, 403 `insufficient_scope`,
 * and 503 with Retry-After when the tenant's keys cannot be had, its `code` saying why
 * (`ISSUER_METADATA_UNAVAILABLE`, `ISSUER_KEYS_UNAVAILABLE`, `TENANT_NOT_FOUND`). Bodies are
 * constant problem+json; the precise reason goes to `logger.warn` with a token fingerprint.
 *
 * Genuine tokens (signature, issuer, audience, tenant, lifetime all verified) are remembered by
 * their SHA-256 until `exp`, accepted or refused with a 403: that verdict depends only on the
 * token's content. Nothing else is cached. A 401 may change (`nbf` passes, a rotated key gets
 * published), and caching it would let anyone fill the cache with free forged tokens; a 503 says
 * nothing about the token. So an entry can only be created with a token Entra really signed.
 * Refusals have their own cache, so that callers without the role cannot evict accepted tokens.
 *
 * @throws {TypeError} naming the offending option.
 */
export function createBearerAuthenticator(
  options: BearerAuthenticatorOptions,
): BearerAuthenticator {
  const resolved = resolveBearerOptions(options);
  const { logger, now } = resolved;
  const keys = new TenantKeyStores(resolved, resolved.allowedTenants);
  const accepted = new ValidatedTokenCache<AuthOutcome>(resolved.cacheSize);
  const refused = new ValidatedTokenCache<CachedRefusal>(resolved.cacheSize);
  const refusals = new RefusalLog(logger, resolved.faultLogIntervalMs, now);

  return {
    checkIssuer: () => keys.check(),
    idle: () => keys.idle(),
    async authenticate(headers: Headers, log: Logger = logger): Promise<AuthOutcome> {
      let tokenHash: string | undefined;
      try {
        const token = readBearerToken(headers);
        tokenHash = hash('sha256', token, 'hex');
        const at = now();
        const known = accepted.get(tokenHash, at) ?? refused.get(tokenHash, at)?.serve(at, log);
        if (known !== undefined) return known;
        const jws = readJwsHeader(token);
        const { caller, exp, refusal } = await verifyEntraToken(jws, keys, resolved, at);
        if (refusal !== undefined) {
          const properties = logProperties(refusal, tokenHash);
          const outcome = refusals.refuse(refusal, properties, log);
          refused.set(tokenHash, new CachedRefusal(outcome, properties, at), exp * 1000);
          return outcome;
        }
        const outcome: AuthOutcome = Object.freeze({ ok: true, caller });
        accepted.set(tokenHash, outcome, exp * 1000);
        return outcome;
      } catch (error) {
        const failure =
          error instanceof AuthFailure
            ? error
            : new AuthFailure('ERR_INTERNAL', `token validation threw ${describe(error)}`);
        return refusals.refuse(failure, logProperties(failure, tokenHash), log);
      }
    },
  };
}

function logProperties(failure: AuthFailure, tokenHash: string | undefined): RefusalLogProperties {
  return {
    code: failure.code,
    reason: failure.message,
    // Enough to correlate with a client's own logs, useless for replaying the token.
    ...(tokenHash === undefined ? {} : { tokenFingerprint: tokenHash.slice(0, 8) }),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
