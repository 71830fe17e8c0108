import type { Logger } from '../../shared/logging/Logger.js';
import { AccessTokenLease } from './AccessTokenLease.js';
import { TokenAcquisitionError } from './TokenAcquisitionError.js';

/** A token as the SDKs return it. */
export interface AcquiredToken {
  readonly token: string;
  /** Epoch ms. */
  readonly expiresOn: number;
  /** Epoch ms at which the SDK itself would refresh (managed identity: half the lifetime). */
  readonly refreshOn?: number;
  readonly fromCache: boolean;
}

/** Gets a token from the SDK; `forceRefresh` asks it to skip its own cache where it can. */
export type AcquireToken = (options: { readonly forceRefresh: boolean }) => Promise<AcquiredToken>;

export interface LeaseCacheOptions {
  readonly acquire: AcquireToken;
  readonly logger: Logger;
  /** Fields added to every log line (mode, client id...); never secrets. */
  readonly logContext: Readonly<Record<string, unknown>>;
  /** Epoch ms. Default Date.now. */
  readonly now?: () => number;
  /** Bound on one acquisition, retries included, in ms. Default 90,000. */
  readonly deadlineMs?: number;
}

/** Refresh this long before expiry (MSAL's own renewal offset is also 5 minutes). */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** A token with less validity left than this is not handed out: it could expire in flight. */
const MIN_VALIDITY_MS = 60_000;
/** After a failed background refresh, wait this long before the next one (no retry storm). */
const BACKGROUND_RETRY_MS = 30_000;

/**
 * Holds the current token lease and gets new ones: concurrent cold callers share one
 * acquisition (single flight); a lease inside its refresh window is still handed out while
 * one background refresh runs, and a failed refresh is only logged (and retried 30 s later)
 * until the lease stops being usable. The hot path is a clock read and a comparison.
 */
export function createLeaseCache(options: LeaseCacheOptions): () => Promise<AccessTokenLease> {
  const now = options.now ?? Date.now;
  const deadlineMs = options.deadlineMs ?? 90_000;
  let current: AccessTokenLease | undefined;
  let inflight: Promise<AccessTokenLease> | undefined;
  let nextBackgroundAttempt = 0;

  const acquireOnce = async (): Promise<AccessTokenLease> => {
    const started = now();
    let acquired: AcquiredToken;
    try {
      acquired = await withDeadline(
        options.acquire({ forceRefresh: current !== undefined }),
        deadlineMs,
      );
    } catch (error) {
      options.logger.error('access token acquisition failed', {
        ...options.logContext,
        code: error instanceof TokenAcquisitionError ? error.code : 'unknown',
      });
      throw error;
    }
    const lifetime = acquired.expiresOn - started;
    const refreshAt = Math.min(
      acquired.refreshOn ?? Number.POSITIVE_INFINITY,
      // Short-lived tokens (under 10 min) refresh at half-life instead of 5 minutes early.
      lifetime > 2 * REFRESH_MARGIN_MS
        ? acquired.expiresOn - REFRESH_MARGIN_MS
        : started + lifetime / 2,
    );
    const lease = new AccessTokenLease(acquired.token, {
      expiresOn: acquired.expiresOn,
      refreshAt,
      fromCache: acquired.fromCache,
    });
    options.logger.info('access token acquired', {
      ...options.logContext,
      fromCache: lease.fromCache,
      expiresOn: new Date(lease.expiresOn).toISOString(),
      refreshAt: new Date(lease.refreshAt).toISOString(),
      fingerprint: lease.fingerprint,
    });
    return lease;
  };

  const refresh = (): Promise<AccessTokenLease> => {
    inflight ??= acquireOnce()
      .then((lease) => {
        current = lease;
        return lease;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  return async () => {
    const lease = current;
    const t = now();
    if (lease !== undefined && t < lease.refreshAt) return lease;
    if (lease !== undefined && t < lease.expiresOn - MIN_VALIDITY_MS) {
      if (inflight === undefined && t >= nextBackgroundAttempt) {
        refresh().catch((error: unknown) => {
          nextBackgroundAttempt = now() + BACKGROUND_RETRY_MS;
          options.logger.warn('background token refresh failed; the current token is still valid', {
            ...options.logContext,
            code: error instanceof TokenAcquisitionError ? error.code : 'unknown',
            expiresOn: new Date(lease.expiresOn).toISOString(),
          });
        });
      }
      return lease;
    }
    return refresh();
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TokenAcquisitionError(
            'ERR_TOKEN_TIMEOUT',
            `No token within ${ms} ms: the identity endpoint is slow or unreachable; try again later.`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
