import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConfigurationError } from '../../../shared/config/ConfigurationError.js';
import { readTelemetrySettings } from '../../../shared/telemetry/readTelemetrySettings.js';

const CONNECTION =
  'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x';

describe('readTelemetrySettings', () => {
  it('configures nothing without settings, with the app’s own service name', () => {
    assert.deepEqual(readTelemetrySettings('client', {}), {
      role: 'client',
      serviceName: 'orders-sync-client',
    });
    assert.equal(readTelemetrySettings('server', {}).serviceName, 'orders-api');
  });

  it('uses the distro with the user-assigned identity the authentication string names', () => {
    assert.deepEqual(
      readTelemetrySettings('server', {
        APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=1234;Authorization=AAD',
      }).azureMonitor,
      { connectionString: CONNECTION, identity: { clientId: '1234' } },
    );
    assert.deepEqual(
      readTelemetrySettings('server', {
        APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD',
      }).azureMonitor,
      { connectionString: CONNECTION, identity: {} },
    );
  });

  it('exports OTLP when an endpoint is set, protobuf unless told json', () => {
    assert.deepEqual(
      readTelemetrySettings('client', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })
        .otlp,
      { protocol: 'http/protobuf' },
    );
    assert.deepEqual(
      readTelemetrySettings('client', {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }).otlp,
      { protocol: 'http/json' },
    );
  });

  it('honours OTEL_SERVICE_NAME, ORDERS_TRACE_DIR and OTEL_SDK_DISABLED', () => {
    assert.deepEqual(
      readTelemetrySettings('client', { OTEL_SERVICE_NAME: 'mine', ORDERS_TRACE_DIR: '/tmp/t' }),
      { role: 'client', serviceName: 'mine', traceDir: '/tmp/t' },
    );
    assert.deepEqual(
      readTelemetrySettings('client', {
        OTEL_SDK_DISABLED: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      }),
      { role: 'client', serviceName: 'orders-sync-client' },
    );
  });

  it('drops spans in-process with ORDERS_TRACE_EXPORT=drop (the bench), refusing other values', () => {
    assert.equal(readTelemetrySettings('server', { ORDERS_TRACE_EXPORT: 'drop' }).dropSpans, true);
    assert.throws(
      () => readTelemetrySettings('server', { ORDERS_TRACE_EXPORT: 'console' }),
      ConfigurationError,
    );
  });

  it('names an unsupported protocol and a malformed authentication string', () => {
    assert.throws(
      () =>
        readTelemetrySettings('client', {
          OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
          APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=1',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigurationError);
        assert.deepEqual(error.problems.map((p) => p.setting).sort(), [
          'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
          'OTEL_EXPORTER_OTLP_PROTOCOL',
        ]);
        return true;
      },
    );
  });
});
