import type { SettingsSource } from '../shared/config/readSettings.js';
import { readAllSettings } from '../shared/config/readAllSettings.js';
import { ambientLogger } from '../shared/logging/ambientLogger.js';
import { loggerFromContext } from '../shared/logging/loggerFromContext.js';
import { createBlobContainerClient } from '../shared/storage/createBlobContainerClient.js';
import { readStorageConnection } from '../shared/storage/storageConnection.js';
import { registerSyncActivities } from './functions/syncActivities.js';
import { registerSyncHttpStart } from './functions/syncHttpStart.js';
import { registerSyncOrchestration } from './functions/syncOrchestration.js';
import { registerSyncTimer } from './functions/syncTimer.js';
import { readTokenSettings } from './settings/readTokenSettings.js';
import { traceTokenProvider } from './telemetry/traceTokenProvider.js';
import { createOrdersApiClient } from './sync/createOrdersApiClient.js';
import { createSyncActivities } from './sync/createSyncActivities.js';
import { createSyncArchive } from './sync/createSyncArchive.js';
import { createBlobRetryNoticeBoard } from './sync/progress/createBlobRetryNoticeBoard.js';
import { createBlobSyncStateStore } from './sync/state/createBlobSyncStateStore.js';
import { readSyncSettings } from './sync/syncSettings.js';
import { getTokenProvider } from './tokens/getTokenProvider.js';

/** What tests may inject; production passes nothing. */
export interface ClientAppOptions {
  /**
   * Epoch ms for the token cache's expiry and refresh decisions. Default `Date.now`. Tests on
   * virtual time (local/testing) pass their clock's `now`; MSAL's own cache reads the wall clock
   * and follows only a global Date fake.
   */
  readonly now?: () => number;
  /**
   * An extra trusted root (PEM) for the identity provider's https endpoints, for a process that
   * did not start with NODE_EXTRA_CA_CERTS (a test running the app in its own process).
   */
  readonly trustedCaPem?: string;
}

/**
 * Registers the sync daemon: the timer and `POST /api/sync` starters, the orchestration and its
 * activities. Settings are read once, here; the token provider and storage clients are created
 * once per process so every activity shares their caches.
 *
 * @throws {ConfigurationError} naming every missing or malformed setting.
 */
export function registerClientApp(source: SettingsSource, options: ClientAppOptions = {}): void {
  const settings = readAllSettings({
    sync: () => readSyncSettings(source),
    tokens: () => readTokenSettings(source),
    storage: () => readStorageConnection('ORDERS_STORAGE', source),
  });
  const container = createBlobContainerClient(settings.storage, settings.sync.container);
  // Retries inside activities are invisible to the orchestration; this is how a console sees them.
  const onRetry = createBlobRetryNoticeBoard(container, ambientLogger);
  // Its lines go through the invocation that asked for the token, when one did.
  const tokenProvider = traceTokenProvider(
    getTokenProvider(settings.tokens, {
      logger: ambientLogger,
      onRetry,
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.trustedCaPem === undefined ? {} : { trustedCaPem: options.trustedCaPem }),
    }),
  );
  const api = createOrdersApiClient({
    baseUrl: settings.sync.apiBaseUrl,
    getAuthorization: async () => (await tokenProvider.getToken()).bearerHeader(),
    requestTimeoutMs: settings.sync.requestTimeoutMs,
    retryBudgetMs: settings.sync.retryBudgetMs,
    onRetry,
  });
  const archive = createSyncArchive(container);
  const state = createBlobSyncStateStore(container);
  const defaults = {
    maxParallel: settings.sync.maxParallel,
    partitions: settings.sync.partitions,
    activityRetry: settings.sync.activityRetry,
  };

  registerSyncTimer(settings.sync.timerSchedule, defaults);
  registerSyncHttpStart(defaults);
  registerSyncOrchestration();
  registerSyncActivities((context) =>
    createSyncActivities({
      api,
      archive,
      state,
      pageSize: settings.sync.pageSize,
      chunk: settings.sync.chunk,
      overlapMs: settings.sync.overlapMs,
      logger: loggerFromContext(context),
    }),
  );
}
