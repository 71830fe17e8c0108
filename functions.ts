/**
 * The entry file the Functions host loads (package.json `main`). One artifact serves both Function
 * Apps: the `ORDERS_APP` app setting decides which functions register, and an unset or unknown
 * value stops the app at startup rather than running with nothing registered. Telemetry is set
 * up first, once, before any function registers (see shared/telemetry/startTelemetry.ts).
 */
import { app } from '@azure/functions';

import { readAppRole } from './shared/config/readAppRole.js';
import { readTelemetrySettings } from './shared/telemetry/readTelemetrySettings.js';
import { registerTelemetryHooks } from './shared/telemetry/registerTelemetryHooks.js';
import { startTelemetry } from './shared/telemetry/startTelemetry.js';

const role = readAppRole(process.env);
const telemetrySettings = readTelemetrySettings(role, process.env);
const telemetry = await startTelemetry(telemetrySettings);
if (telemetrySettings.azureMonitor) {
  // The host (telemetryMode OpenTelemetry) then leaves the worker's logs to the worker's exporter.
  app.setup({ capabilities: { WorkerOpenTelemetryEnabled: true } });
}
registerTelemetryHooks({
  shutdown: () => telemetry.shutdown(),
  recording: telemetry.exporters.length > 0,
  // The client's token provider logs through the running activity; the server passes each
  // request's log to its authenticator instead (server-app/http).
  bindInvocationScope: role === 'client',
});
if (telemetry.exporters.length > 0) {
  console.info(`Telemetry (${telemetrySettings.serviceName}): ${telemetry.exporters.join(', ')}`);
}

if (role === 'server') {
  const { registerServerApp } = await import('./server-app/registerServerApp.js');
  registerServerApp(process.env);
} else {
  const { registerClientApp } = await import('./client-app/registerClientApp.js');
  registerClientApp(process.env);
}
