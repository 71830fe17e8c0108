import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

import type { TelemetrySettings } from './readTelemetrySettings.js';

/** The running SDK, or nothing; `shutdown` flushes every signal and is safe to call twice. */
export interface Telemetry {
  /** Which exporters run, for the startup line. Empty: none (the API's no-ops). */
  readonly exporters: readonly string[];
  shutdown(): Promise<void>;
}

/** Longest a shutdown may take before the app stops anyway, ms. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Sets up the OpenTelemetry SDK once, at startup, before any function registers:
 *
 * - `azureMonitor`: the Azure Monitor distro (`useAzureMonitor`), ingestion authenticated with
 *   the managed identity; any OTLP or trace-file processors ride along as span processors.
 * - otherwise `otlp` and/or `traceDir`: the NodeSDK with our span processors; with OTLP, metrics
 *   and logs go to the same endpoint (the SDK reads `OTEL_*` from the environment).
 * - nothing: no SDK is loaded at all.
 *
 * SDK packages are imported only when used, so an app without telemetry pays no load time.
 */
export async function startTelemetry(settings: TelemetrySettings): Promise<Telemetry> {
  if (!settings.azureMonitor && !settings.otlp && !settings.traceDir && !settings.dropSpans) {
    return { exporters: [], shutdown: () => Promise.resolve() };
  }
  const [{ BatchSpanProcessor }, { PresetIdSpanProcessor }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('./presetSpanIds.js'),
      import('@opentelemetry/resources'),
    ]);
  const exporters: string[] = [];
  const spanProcessors: SpanProcessor[] = [new PresetIdSpanProcessor()];
  if (settings.otlp) {
    spanProcessors.push(new BatchSpanProcessor(await otlpTraceExporter(settings.otlp.protocol)));
    exporters.push(`otlp (${settings.otlp.protocol})`);
  }
  if (settings.traceDir) {
    const { TraceFileExporter } = await import('./TraceFileExporter.js');
    spanProcessors.push(
      new BatchSpanProcessor(new TraceFileExporter(settings.traceDir, settings.serviceName), {
        scheduledDelayMillis: 500,
      }),
    );
    exporters.push(`trace file (${settings.traceDir})`);
  }
  if (settings.dropSpans) {
    const { DropSpanExporter } = await import('./DropSpanExporter.js');
    spanProcessors.push(new BatchSpanProcessor(new DropSpanExporter()));
    exporters.push('drop (bench)');
  }
  const resource = resourceFromAttributes({ 'service.name': settings.serviceName });

  if (settings.azureMonitor) {
    const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
    const { ManagedIdentityCredential } = await import('@azure/identity');
    const { identity } = settings.azureMonitor;
    useAzureMonitor({
      azureMonitorExporterOptions: {
        connectionString: settings.azureMonitor.connectionString,
        ...(identity
          ? {
              credential: identity.clientId
                ? new ManagedIdentityCredential({ clientId: identity.clientId })
                : new ManagedIdentityCredential(),
            }
          : {}),
      },
      resource,
      spanProcessors,
      // Every trace: the distro's default rate-limited sampler drops the first spans after start,
      // and a daemon's few runs a day are each worth keeping whole.
      samplingRatio: 1,
      tracesPerSecond: 0,
      // Our own spans cover the Orders API calls; the worker serves no HTTP itself.
      instrumentationOptions: { http: { enabled: false } },
    });
    exporters.unshift('azure monitor');
    return { exporters, shutdown: once(() => withTimeout(shutdownAzureMonitor())) };
  }

  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  const { envDetector, hostDetector } = await import('@opentelemetry/resources');
  const sdk = new NodeSDK({
    resource,
    resourceDetectors: [envDetector, hostDetector],
    spanProcessors,
    // Without OTLP: no metric or log exporter (the env default would be OTLP to localhost).
    ...(settings.otlp ? {} : { metricReaders: [], logRecordProcessors: [] }),
  });
  sdk.start();
  return { exporters, shutdown: once(() => withTimeout(sdk.shutdown())) };
}

async function otlpTraceExporter(protocol: 'http/protobuf' | 'http/json') {
  if (protocol === 'http/json') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    return new OTLPTraceExporter();
  }
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter();
}

function once(run: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= run());
}

function withTimeout(promise: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([promise.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
