import { TOKEN_SETTING_NAMES as T } from '../settings/readTokenSettings.js';
import { SYNC_SETTINGS as S } from './syncSettings.js';
import type { SyncFailure } from './syncTypes.js';

/** A setting an operator should look at, and which Function App holds it. */
export interface SettingToCheck {
  readonly app: 'client' | 'server';
  readonly name: string;
}

/**
 * What one failure code means for the sync. `retry` decides both retry layers: `request` is
 * retried in place (p-retry in the API client, or below MSAL) and, once that budget is spent,
 * by a later durable attempt; `later` only by a later durable attempt (a retry now would get the
 * same answer); `never` not at all. `fatal` dooms every partition, so the run ends early.
 */
export interface FailureKind {
  readonly retry: 'request' | 'later' | 'never';
  readonly fatal: boolean;
  readonly settingToCheck?: SettingToCheck;
  /** The likely cause in a few words, for consoles and reports. */
  readonly summary: string;
}

const client = (name: string): SettingToCheck => ({ app: 'client', name });
const server = (name: string): SettingToCheck => ({ app: 'server', name });
const transient = (summary: string, settingToCheck?: SettingToCheck): FailureKind => ({
  retry: 'request',
  fatal: false,
  summary,
  ...(settingToCheck ? { settingToCheck } : {}),
});
const doomed = (summary: string, settingToCheck?: SettingToCheck): FailureKind => ({
  retry: 'never',
  fatal: true,
  summary,
  ...(settingToCheck ? { settingToCheck } : {}),
});

/**
 * Every failure code the client reports, in one table: OrdersApiError, TokenAcquisitionError
 * and the activities' failure values take `retryable` and `fatal` from here, never decide them
 * where they are raised.
 */
export const SYNC_FAILURES = {
  // The Orders API
  ORDERS_API_UNAVAILABLE: transient('the Orders API answered 5xx, 429 or 408'),
  ORDERS_API_ISSUER_UNAVAILABLE: transient(
    "the Orders API cannot reach its identity provider's metadata or keys",
    server(T.authorityHost),
  ),
  ORDERS_API_TENANT_NOT_FOUND: doomed(
    "the Orders API's tenant does not exist at its identity provider",
    server(T.tenantId),
  ),
  ORDERS_API_CONNECTION_REFUSED: transient(
    'nothing listens at the Orders API URL (server app down, or a wrong host or port)',
    client(S.apiBaseUrl),
  ),
  ORDERS_API_HOST_NOT_FOUND: transient(
    "the Orders API URL's host name does not resolve",
    client(S.apiBaseUrl),
  ),
  ORDERS_API_TLS: doomed(
    "the Orders API's TLS certificate is not trusted for its host",
    client(S.apiBaseUrl),
  ),
  ORDERS_API_UNREACHABLE: transient(
    'the Orders API connection failed (reset or unreachable)',
    client(S.apiBaseUrl),
  ),
  ORDERS_API_TIMEOUT: transient(
    'the Orders API did not answer in time',
    client(S.requestTimeoutMs),
  ),
  ORDERS_API_BAD_RESPONSE: transient('the Orders API answered with something other than JSON'),
  ORDERS_API_BAD_DATA: {
    retry: 'later',
    fatal: false,
    summary: 'the Orders API answered JSON of an unexpected shape',
  },
  ORDERS_API_UNAUTHORIZED: doomed(
    'the Orders API rejected the token (wrong audience or tenant)',
    client(T.scope),
  ),
  ORDERS_API_FORBIDDEN: {
    retry: 'never',
    fatal: false,
    summary: "the client identity lacks the Orders API's Orders.Read role",
  },
  ORDERS_API_NOT_FOUND: doomed(
    'the Orders API URL answers 404: it is not the Orders API (wrong host, port or path)',
    client(S.apiBaseUrl),
  ),
  ORDERS_API_INDEX_MISSING: doomed('the orders table has no change index'),
  ORDERS_API_REJECTED: {
    retry: 'never',
    fatal: false,
    summary: 'the Orders API refused the request',
  },

  // Getting a token
  ERR_TOKEN_TENANT_NOT_FOUND: doomed(
    'the tenant does not exist at the authority',
    client(T.tenantId),
  ),
  ERR_TOKEN_AUTHORITY_NOT_FOUND: doomed(
    'the authority host serves no OpenID configuration for the tenant',
    client(T.authorityHost),
  ),
  ERR_TOKEN_AUTHORITY_UNTRUSTED: doomed(
    "the authority's TLS certificate is not trusted",
    client('NODE_EXTRA_CA_CERTS'),
  ),
  ERR_TOKEN_AUTHORITY_UNREACHABLE: transient(
    'the identity provider cannot be reached (down, or a wrong host or port)',
    client(T.authorityHost),
  ),
  ERR_TOKEN_AUTHORITY: transient(
    "the authority's OpenID configuration could not be read",
    client(T.authorityHost),
  ),
  ERR_TOKEN_CLIENT_SECRET: doomed('the client secret was refused', client(T.clientSecret)),
  ERR_TOKEN_CLIENT_CERTIFICATE: doomed(
    'the client certificate was refused',
    client(T.certificatePath),
  ),
  ERR_TOKEN_CLIENT_UNKNOWN: doomed('the client id is unknown in the tenant', client(T.clientId)),
  ERR_TOKEN_SCOPE: doomed('the scope names no API in the tenant', client(T.scope)),
  ERR_TOKEN_NOT_ASSIGNED: doomed("the client identity is not assigned the API's app role"),
  ERR_TOKEN_MANAGED_IDENTITY: doomed(
    'the managed-identity endpoint refused the request',
    client(T.clientId),
  ),
  ERR_TOKEN_CONFIGURATION: doomed('MSAL refused its configuration'),
  ERR_TOKEN_REFUSED: doomed('the identity provider refused the token request'),
  ERR_TOKEN_UNAVAILABLE: transient('the identity provider failed or was unreachable'),

  // A managed identity as the federated credential of a multi-tenant app (Entra's AADSTS codes
  // in client-app/tokens/fromFederationError.ts). A mismatch is configuration: never retried.
  ERR_TOKEN_FIC_ISSUER: doomed(
    "no federated credential of the app names the identity token's issuer (the identity's home tenant)",
    client(T.clientId),
  ),
  ERR_TOKEN_FIC_SUBJECT: doomed(
    "no federated credential of the app names the identity's object (principal) id as subject",
    client(T.managedIdentityClientId),
  ),
  ERR_TOKEN_FIC_AUDIENCE: doomed(
    'no federated credential of the app names the exchange audience (api://AzureADTokenExchange)',
    client(T.clientId),
  ),
  ERR_TOKEN_FIC_ASSERTION_EXPIRED: doomed(
    'the identity token presented as the assertion was expired or not yet valid',
  ),
  // Entra's answer both for "no FIC at all" and while a new FIC replicates (minutes), so a
  // later attempt may pass; never retried in place.
  ERR_TOKEN_FIC_NOT_FOUND: {
    retry: 'later',
    fatal: false,
    settingToCheck: client(T.clientId),
    summary:
      'the app has no federated credential matching the identity (or it is still replicating)',
  },
  ERR_TOKEN_TIMEOUT: transient('no token within the deadline', client(T.authorityHost)),

  // The sync itself
  SYNC_STATE_CONFLICT: {
    retry: 'later',
    fatal: false,
    summary: "another execution changed the partition's sync state",
  },
  SYNC_FAILED: { retry: 'later', fatal: false, summary: 'an unexpected error' },
  ACTIVITY_FAILED: {
    retry: 'later',
    fatal: false,
    summary: 'the activity threw (e.g. the host timed it out)',
  },
  NOT_ATTEMPTED: { retry: 'never', fatal: false, summary: 'the run was aborted first' },
  PARTITION_UNKNOWN: {
    retry: 'never',
    fatal: false,
    settingToCheck: { app: 'client', name: 'ORDERS_SYNC_PARTITIONS' },
    summary: "a partition asked for is not in the server's listing",
  },
} as const satisfies Record<string, FailureKind>;

export type SyncFailureCode = keyof typeof SYNC_FAILURES;

/** True when another attempt, now or later, may succeed. */
export function isRetryable(code: SyncFailureCode): boolean {
  return SYNC_FAILURES[code].retry !== 'never';
}

/** True when the request itself is worth retrying in place. */
export function isRetriedInPlace(code: SyncFailureCode): boolean {
  return SYNC_FAILURES[code].retry === 'request';
}

export function isFatal(code: SyncFailureCode): boolean {
  return SYNC_FAILURES[code].fatal;
}

/** `AZURE_TENANT_ID (server app)`: how reports name a setting. */
export function describeSetting(setting: SettingToCheck): string {
  return `${setting.name} (${setting.app} app)`;
}

/** A failure value with `retryable`, `fatal` and `settingToCheck` taken from the table. */
export function toSyncFailure(code: SyncFailureCode, message: string): SyncFailure {
  const kind: FailureKind = SYNC_FAILURES[code];
  return {
    code,
    message: message.length > 500 ? `${message.slice(0, 497)}...` : message,
    retryable: kind.retry !== 'never',
    fatal: kind.fatal,
    ...(kind.settingToCheck ? { settingToCheck: kind.settingToCheck } : {}),
  };
}
