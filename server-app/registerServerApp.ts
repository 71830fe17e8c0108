import type { SettingsSource } from '../shared/config/readSettings.js';
import { createTableClient } from '../shared/storage/createTableClient.js';
import { createBearerAuthenticator } from './auth/createBearerAuthenticator.js';
import { ambientLogger } from '../shared/logging/ambientLogger.js';
import { consoleLogger } from '../shared/logging/consoleLogger.js';
import { checkIssuerAtStartup } from './checkIssuerAtStartup.js';
import { registerHealthFunction } from './functions/health.js';
import { registerIssuerStartupCheck } from './functions/issuerStartupCheck.js';
import { registerOrderPartitionsFunction } from './functions/orderPartitions.js';
import { registerOrdersFunction } from './functions/orders.js';
import { createOrdersHandler } from './http/createOrdersHandler.js';
import { createPartitionsHandler } from './http/createPartitionsHandler.js';
import { createOrdersStore } from './orders/OrdersStore.js';
import { readServerSettings } from './settings.js';
import { traceAuthenticator } from './telemetry/traceAuthenticator.js';
import { traceOrdersStore } from './telemetry/traceOrdersStore.js';

/** What tests may inject; production passes nothing. */
export interface ServerAppOptions {
  /**
   * Epoch ms for token lifetimes and the signing-key store's refresh and cooldown. Default
   * `Date.now`; tests on virtual time (local/testing) pass their clock's `now`.
   */
  readonly now?: () => number;
  /** For the issuer's discovery documents and keys (e.g. trusting a local CA). Default `fetch`. */
  readonly fetch?: typeof fetch;
}

/**
 * Registers the Orders API functions: `GET /api/orders`, `GET /api/orders/partitions` (both
 * behind the bearer authenticator) and anonymous `GET /api/health`, and an appStart hook that
 * checks the tenant (log-only, bounded, never delaying startup). Settings are read once, here;
 * no I/O happens before the app starts.
 *
 * @throws {ConfigurationError} naming every missing or malformed setting, so the app fails at
 *   startup rather than on its first request.
 */
export function registerServerApp(source: SettingsSource, options: ServerAppOptions = {}): void {
  const settings = readServerSettings(source);
  const store = traceOrdersStore(
    createOrdersStore(createTableClient(settings.storage, settings.tableName)),
  );
  const authenticator = createBearerAuthenticator({
    tenantId: settings.tenantId,
    allowedTenants: settings.allowedTenants,
    clientId: settings.clientId,
    authorityHost: settings.authorityHost,
    allowedClients: settings.allowedClients,
    requiredRole: settings.requiredRole,
    // A refusal's line goes through its request's invocation; background refreshes to the console.
    logger: ambientLogger,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const traced = traceAuthenticator(authenticator);
  const limits = { defaultPageSize: settings.defaultPageSize, maxPageSize: settings.maxPageSize };

  registerOrdersFunction(createOrdersHandler({ authenticator: traced, store, limits }));
  registerOrderPartitionsFunction(createPartitionsHandler({ authenticator: traced, store }));
  registerHealthFunction();
  registerIssuerStartupCheck(() => checkIssuerAtStartup(authenticator, settings, consoleLogger));
}
