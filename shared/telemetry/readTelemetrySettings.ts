import { z } from 'zod';

import { readSettings, type SettingsSource } from '../config/readSettings.js';
import type { AppRole } from '../names.js';
import { SERVICE_NAMES } from './telemetryNames.js';

/** OTLP transport, from `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` or `OTEL_EXPORTER_OTLP_PROTOCOL`. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** Where telemetry goes; everything off means the API's no-ops and no SDK loaded. */
export interface TelemetrySettings {
  readonly role: AppRole;
  /** `OTEL_SERVICE_NAME`, else the app's own (see SERVICE_NAMES). */
  readonly serviceName: string;
  /** Set when `APPLICATIONINSIGHTS_CONNECTION_STRING` is: the Azure Monitor distro. */
  readonly azureMonitor?: {
    readonly connectionString: string;
    /**
     * Ingestion authenticates with the managed identity (`APPLICATIONINSIGHTS_AUTHENTICATION_STRING`
     * `Authorization=AAD`, with `ClientId=<guid>` for a user-assigned one; infra sets both).
     * Absent: the connection string's instrumentation key alone (local auth, which infra disables).
     */
    readonly identity?: { readonly clientId?: string };
  };
  /** Set when `OTEL_EXPORTER_OTLP_ENDPOINT` (or the traces one) is: OTLP export of all signals. */
  readonly otlp?: { readonly protocol: OtlpProtocol };
  /** `ORDERS_TRACE_DIR`: spans also appended as NDJSON under this folder (the local stack sets it). */
  readonly traceDir?: string;
  /**
   * `ORDERS_TRACE_EXPORT=drop`: the whole SDK and span processing, spans discarded at export; what
   * `npm run bench -- tracing` measures tracing's own cost with.
   */
  readonly dropSpans?: boolean;
}

const optional = z.string().optional();

/**
 * Reads the telemetry settings. The OTLP exporters and the SDK read the other standard
 * variables (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER`,
 * `OTEL_METRIC_EXPORT_INTERVAL`, …) from the process environment themselves.
 *
 * @throws {ConfigurationError} for an unsupported OTLP protocol or a malformed authentication string.
 */
export function readTelemetrySettings(role: AppRole, source: SettingsSource): TelemetrySettings {
  const settings = readSettings(
    z.object({
      APPLICATIONINSIGHTS_CONNECTION_STRING: optional,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z
        .string()
        .regex(
          /^(?=.*\bAuthorization=AAD\b)[^;]+(;[^;]+)*$/i,
          'must be "Authorization=AAD" or "ClientId=<identity client id>;Authorization=AAD"',
        )
        .optional(),
      OTEL_EXPORTER_OTLP_ENDPOINT: optional,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional,
      OTEL_EXPORTER_OTLP_PROTOCOL: z
        .enum(['http/protobuf', 'http/json'], {
          error: 'must be "http/protobuf" or "http/json" (gRPC is not bundled)',
        })
        .default('http/protobuf'),
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z
        .enum(['http/protobuf', 'http/json'], {
          error: 'must be "http/protobuf" or "http/json" (gRPC is not bundled)',
        })
        .optional(),
      OTEL_SDK_DISABLED: optional,
      OTEL_SERVICE_NAME: optional,
      ORDERS_TRACE_DIR: optional,
      ORDERS_TRACE_EXPORT: z.enum(['drop'], { error: 'must be "drop" or unset' }).optional(),
    }),
    source,
  );
  const serviceName = settings.OTEL_SERVICE_NAME ?? SERVICE_NAMES[role];
  if (settings.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return { role, serviceName };
  const clientId = /(?:^|;)\s*ClientId=([^;]+)/i
    .exec(settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING ?? '')?.[1]
    ?.trim();
  const endpoint =
    settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  return {
    role,
    serviceName,
    ...(settings.APPLICATIONINSIGHTS_CONNECTION_STRING
      ? {
          azureMonitor: {
            connectionString: settings.APPLICATIONINSIGHTS_CONNECTION_STRING,
            ...(settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING
              ? { identity: clientId ? { clientId } : {} }
              : {}),
          },
        }
      : {}),
    ...(endpoint
      ? {
          otlp: {
            protocol:
              settings.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? settings.OTEL_EXPORTER_OTLP_PROTOCOL,
          },
        }
      : {}),
    ...(settings.ORDERS_TRACE_DIR ? { traceDir: settings.ORDERS_TRACE_DIR } : {}),
    ...(settings.ORDERS_TRACE_EXPORT === 'drop' ? { dropSpans: true } : {}),
  };
}
