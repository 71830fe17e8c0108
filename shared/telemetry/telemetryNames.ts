/**
 * The names this project's telemetry uses: instrumentation scope, service names, span attribute
 * keys and metric names. One module, so the spans the apps emit, the tests that read them and
 * `npm run trace` cannot drift apart. Attribute values never hold a token, a claim set (beyond the
 * caller's client id, tenant id and token version), order data or a secret.
 */
import type { AppRole } from '../names.js';

/** The instrumentation scope of every tracer and meter in both apps. */
export const INSTRUMENTATION_SCOPE = 'orders-daemon';

/** `service.name` of each Function App unless `OTEL_SERVICE_NAME` says otherwise. */
export const SERVICE_NAMES: Readonly<Record<AppRole, string>> = {
  client: 'orders-sync-client',
  server: 'orders-api',
};

/** Span attribute keys of our own (`orders.*`) next to the semantic-convention ones we set. */
export const ATTR = {
  runId: 'orders.run_id',
  partition: 'orders.partition',
  trigger: 'orders.trigger',
  runStatus: 'orders.run.status',
  failureCode: 'orders.failure.code',
  orders: 'orders.count',
  pages: 'orders.pages',
  functionName: 'faas.name',
  invocationId: 'faas.invocation_id',
  faasTrigger: 'faas.trigger',
  tokenCredential: 'orders.token.credential',
  tokenCache: 'orders.token.cache',
  tokenSdkCache: 'orders.token.sdk_cache',
  tokenFingerprint: 'orders.token.fingerprint',
  authOutcome: 'orders.auth.outcome',
  authRefusalCode: 'orders.auth.refusal_code',
  callerClientId: 'orders.caller.client_id',
  callerTokenVersion: 'orders.caller.token_version',
  storeOperation: 'db.operation.name',
  storeSystem: 'db.system.name',
  storeItems: 'orders.store.items',
  storeMore: 'orders.store.has_more',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  httpRoute: 'http.route',
  urlPath: 'url.path',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  attempt: 'http.request.resend_count',
  errorType: 'error.type',
} as const;

/** Metric names (units in the instrument's declaration, see createMetrics). */
export const METRIC = {
  ordersSynced: 'orders.sync.orders',
  pagesRead: 'orders.sync.pages',
  partitionFailures: 'orders.sync.partition.failures',
  runDuration: 'orders.sync.run.duration',
  tokenAcquisitions: 'orders.token.acquisitions',
  tokenCacheHits: 'orders.token.cache.hits',
  refusals: 'orders.api.refusals',
  serverDuration: 'http.server.request.duration',
  clientDuration: 'http.client.request.duration',
} as const;
