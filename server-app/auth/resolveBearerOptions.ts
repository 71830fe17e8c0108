import { ORDERS_READ_ROLE } from '../../shared/names.js';
import type { BearerAuthenticatorOptions } from './createBearerAuthenticator.js';
import type { EntraTokenRules } from './verifyEntraToken.js';
import type { SigningKeyStoreOptions } from './SigningKeyStore.js';

/** {@link BearerAuthenticatorOptions} checked, with every default applied. */
export interface ResolvedBearerOptions extends EntraTokenRules, SigningKeyStoreOptions {
  readonly cacheSize: number;
  /** Never empty; `[tenantId]` by default. */
  readonly allowedTenants: readonly string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Checks the options once at startup and applies the defaults documented on
 * {@link BearerAuthenticatorOptions}.
 *
 * @throws {TypeError} naming the first offending option.
 */
export function resolveBearerOptions(options: BearerAuthenticatorOptions): ResolvedBearerOptions {
  const { tenantId, clientId, authorityHost, allowedClients } = options;
  if (!GUID.test(tenantId)) throw new TypeError('"tenantId" option must be a lowercase GUID');
  if (!GUID.test(clientId)) throw new TypeError('"clientId" option must be a lowercase GUID');
  checkAuthorityHost(authorityHost);
  const allowedTenants = options.allowedTenants ?? [tenantId];
  if (allowedTenants.length === 0 || !allowedTenants.every((t) => GUID.test(t))) {
    throw new TypeError(
      '"allowedTenants" option must hold lowercase GUIDs (tenant IDs), at least one',
    );
  }
  for (const client of allowedClients) {
    if (!GUID.test(client)) {
      throw new TypeError('"allowedClients" option must hold lowercase GUIDs (application IDs)');
    }
  }
  const requiredRole = options.requiredRole ?? ORDERS_READ_ROLE;
  if (requiredRole === '') throw new TypeError('"requiredRole" option must not be empty');
  return Object.freeze({
    tenantId,
    allowedTenants: Object.freeze([...new Set(allowedTenants)]),
    clientId,
    authorityHost,
    allowedClients: new Set(allowedClients),
    requiredRole,
    requireIdtyp: options.requireIdtyp ?? false,
    logger: options.logger,
    now: options.now ?? Date.now,
    fetch: options.fetch ?? globalThis.fetch,
    clockToleranceSeconds: integer('clockToleranceSeconds', options.clockToleranceSeconds, 60, 300),
    cacheSize: integer('cacheSize', options.cacheSize, 1000),
    fetchTimeoutMs: integer('fetchTimeoutMs', options.fetchTimeoutMs, 5000),
    refreshIntervalMs: integer('refreshIntervalMs', options.refreshIntervalMs, 12 * 3600_000),
    keyRefetchCooldownMs: integer('keyRefetchCooldownMs', options.keyRefetchCooldownMs, 300_000),
    failureBackoffMs: integer('failureBackoffMs', options.failureBackoffMs, 10_000),
    faultLogIntervalMs: integer('faultLogIntervalMs', options.faultLogIntervalMs, 60_000),
    deadline: options.deadline ?? ((timeoutMs: number) => AbortSignal.timeout(timeoutMs)),
  });
}

function checkAuthorityHost(authorityHost: string): void {
  const url = URL.canParse(authorityHost) ? new URL(authorityHost) : undefined;
  const secure =
    url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (url === undefined || !secure || authorityHost !== url.origin) {
    throw new TypeError(
      '"authorityHost" option must be an https origin without path or trailing slash ' +
        '(http only on loopback), e.g. https://login.microsoftonline.com',
    );
  }
}

function integer(name: string, value: number | undefined, fallback: number, max = Infinity) {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new TypeError(`"${name}" option must be an integer from 0 to ${max}`);
  }
  return value;
}
