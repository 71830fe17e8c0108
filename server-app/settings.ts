import { z } from 'zod';

import { ConfigurationError, type SettingProblem } from '../shared/config/ConfigurationError.js';
import { readSettings, type SettingsSource } from '../shared/config/readSettings.js';
import { authorityHost, commaList, guid, positiveInt } from '../shared/config/settingSchemas.js';
import { ORDERS_READ_ROLE } from '../shared/names.js';
import {
  readStorageConnection,
  type StorageConnection,
} from '../shared/storage/storageConnection.js';

/** The app settings the Orders API reads. Infra and local.settings.json use these exact names. */
export const SERVER_SETTINGS = {
  tenantId: 'AZURE_TENANT_ID',
  clientId: 'ORDERS_API_CLIENT_ID',
  authorityHost: 'AZURE_AUTHORITY_HOST',
  allowedTenants: 'ORDERS_API_ALLOWED_TENANTS',
  allowedClients: 'ORDERS_API_ALLOWED_CLIENTS',
  requiredRole: 'ORDERS_API_REQUIRED_ROLE',
  storage: 'ORDERS_STORAGE',
  tableName: 'ORDERS_TABLE_NAME',
  defaultPageSize: 'ORDERS_API_DEFAULT_PAGE_SIZE',
  maxPageSize: 'ORDERS_API_MAX_PAGE_SIZE',
} as const;

/** Azure Tables returns at most 1,000 entities per request, so a page never exceeds it. */
export const PAGE_SIZE_LIMIT = 1000;

/** Typed, frozen settings of the Orders API. */
export interface ServerSettings {
  /** The API's own Entra tenant (AZURE_TENANT_ID). */
  readonly tenantId: string;
  /**
   * Tenants whose tokens are accepted, each checked against its own issuer and keys
   * (ORDERS_API_ALLOWED_TENANTS). Default: only `tenantId`.
   */
  readonly allowedTenants: readonly string[];
  /** The API's own app registration (client) ID: the token audience. */
  readonly clientId: string;
  /** Default `https://login.microsoftonline.com`; http only on loopback (local identity provider). */
  readonly authorityHost: string;
  /** Caller application IDs allowed in; empty means any caller holding the role. */
  readonly allowedClients: readonly string[];
  /** App role a caller's token must carry. Default `Orders.Read`. */
  readonly requiredRole: string;
  readonly storage: StorageConnection;
  /** Default `orders`. */
  readonly tableName: string;
  /** `top` when the caller gives none. Default 100. */
  readonly defaultPageSize: number;
  /** Largest `top` accepted. Default and ceiling 1,000. */
  readonly maxPageSize: number;
}

const S = SERVER_SETTINGS;

/** `ORDERS_TABLE_NAME`: Azure's table-name rule, default `orders`. Shared with the seeding CLI. */
export function tableName() {
  return z
    .string()
    .default('orders')
    .pipe(
      z
        .string()
        .regex(
          /^[A-Za-z][A-Za-z0-9]{2,62}$/,
          'must be a table name: 3 to 63 letters or digits, starting with a letter',
        ),
    );
}

const schema = z
  .object({
    [S.tenantId]: guid('the Entra tenant ID'),
    [S.clientId]: guid("the Orders API app registration's client ID"),
    [S.authorityHost]: authorityHost(),
    [S.allowedTenants]: commaList(guid('a comma-separated list of tenant IDs')),
    [S.allowedClients]: commaList(guid('a comma-separated list of caller client IDs')),
    [S.requiredRole]: z
      .string()
      .default(ORDERS_READ_ROLE)
      .pipe(z.string().regex(/^[^\s,]+$/, 'must be one app role value, without spaces or commas')),
    [S.tableName]: tableName(),
    [S.defaultPageSize]: positiveInt('the default page size', 100, PAGE_SIZE_LIMIT),
    [S.maxPageSize]: positiveInt('the largest page size', PAGE_SIZE_LIMIT, PAGE_SIZE_LIMIT),
  })
  .refine((s) => s[S.defaultPageSize] <= s[S.maxPageSize], {
    path: [S.defaultPageSize],
    message: `must not exceed ${S.maxPageSize}`,
  });

/**
 * Reads the Orders API settings once, at startup.
 *
 * @throws {ConfigurationError} naming every missing or malformed setting, storage included.
 */
export function readServerSettings(source: SettingsSource): ServerSettings {
  const problems: SettingProblem[] = [];
  const values = collect(problems, () => readSettings(schema, source));
  const storage = collect(problems, () => readStorageConnection(S.storage, source));
  if (values === undefined || storage === undefined) throw new ConfigurationError(problems);
  return Object.freeze({
    tenantId: values[S.tenantId],
    allowedTenants: Object.freeze(
      values[S.allowedTenants].length === 0 ? [values[S.tenantId]] : [...values[S.allowedTenants]],
    ),
    clientId: values[S.clientId],
    authorityHost: values[S.authorityHost],
    allowedClients: Object.freeze([...values[S.allowedClients]]),
    requiredRole: values[S.requiredRole],
    storage,
    tableName: values[S.tableName],
    defaultPageSize: values[S.defaultPageSize],
    maxPageSize: values[S.maxPageSize],
  });
}

function collect<T>(problems: SettingProblem[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}
