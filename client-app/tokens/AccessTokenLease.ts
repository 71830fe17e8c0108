import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

/** How a lease came to be; safe to log. */
export interface AccessTokenLeaseInfo {
  /** Epoch milliseconds after which the token is invalid. */
  readonly expiresOn: number;
  /** Epoch milliseconds after which the provider fetches a new token. */
  readonly refreshAt: number;
  /** True when the SDK answered from its own cache without a network call. */
  readonly fromCache: boolean;
}

/**
 * An access token held for a caller. The token text is reachable only through
 * {@link AccessTokenLease.bearerHeader}; `JSON.stringify`, `util.inspect`, `console.log` and
 * string conversion show a short SHA-256 fingerprint instead, so a lease logged by accident
 * leaks nothing usable.
 */
export class AccessTokenLease implements AccessTokenLeaseInfo {
  readonly #token: string;
  readonly expiresOn: number;
  readonly refreshAt: number;
  readonly fromCache: boolean;
  /** First 12 hex digits of the token's SHA-256: enough to correlate logs, useless to an attacker. */
  readonly fingerprint: string;

  constructor(token: string, info: AccessTokenLeaseInfo) {
    this.#token = token;
    this.expiresOn = info.expiresOn;
    this.refreshAt = info.refreshAt;
    this.fromCache = info.fromCache;
    this.fingerprint = createHash('sha256').update(token).digest('hex').slice(0, 12);
  }

  /** The `Authorization` header value, `Bearer <token>`: the one way to use the token. */
  bearerHeader(): string {
    return `Bearer ${this.#token}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      token: '[redacted]',
      fingerprint: this.fingerprint,
      expiresOn: new Date(this.expiresOn).toISOString(),
      fromCache: this.fromCache,
    };
  }

  toString(): string {
    return `[AccessTokenLease ${this.fingerprint}]`;
  }

  [inspect.custom](): string {
    return `AccessTokenLease ${JSON.stringify(this.toJSON())}`;
  }
}
