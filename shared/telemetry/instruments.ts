import {
  metrics,
  trace,
  type Counter,
  type Histogram,
  type MeterProvider,
  type Tracer,
} from '@opentelemetry/api';

import { INSTRUMENTATION_SCOPE, METRIC } from './telemetryNames.js';

/** The project's tracer, asked for at use time so a provider set up later (or in a test) is used. */
export function tracer(): Tracer {
  return trace.getTracer(INSTRUMENTATION_SCOPE);
}

/** Every metric instrument both apps record; see the README's metrics list. */
export interface Instruments {
  /** Orders fetched per partition in a finished run (from its summary). Attribute: partition. */
  readonly ordersSynced: Counter;
  /** Pages read per partition in a finished run. Attribute: partition. */
  readonly pagesRead: Counter;
  /** Partitions that ended a run failed. Attribute: failure code. */
  readonly partitionFailures: Counter;
  /** Wall time of a run on the orchestration's clock, s. Attribute: run status. */
  readonly runDuration: Histogram;
  /** Tokens the provider got from its credential. Attribute: credential kind. */
  readonly tokenAcquisitions: Counter;
  /** Token requests the provider's own lease cache answered. Attribute: credential kind. */
  readonly tokenCacheHits: Counter;
  /** Requests the Orders API refused. Attribute: refusal code. */
  readonly refusals: Counter;
  /** Server-side request duration, s. Attributes: route, status. */
  readonly serverDuration: Histogram;
  /** Client-side duration of each request to the Orders API (per attempt), s. */
  readonly clientDuration: Histogram;
}

let built: { provider: MeterProvider; instruments: Instruments } | undefined;

/**
 * The instruments of the current global MeterProvider. The API hands out no-op meters before an
 * SDK is registered and never upgrades them, so instruments are made again when the provider
 * changes (setup at startup, or a test's own provider).
 */
export function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (built?.provider === provider) return built.instruments;
  const meter = provider.getMeter(INSTRUMENTATION_SCOPE);
  const instruments: Instruments = {
    ordersSynced: meter.createCounter(METRIC.ordersSynced, {
      description: 'Orders fetched and written in a finished run',
      unit: '{order}',
    }),
    pagesRead: meter.createCounter(METRIC.pagesRead, {
      description: 'Pages read from the Orders API in a finished run',
      unit: '{page}',
    }),
    partitionFailures: meter.createCounter(METRIC.partitionFailures, {
      description: 'Partitions that ended a run failed, by failure code',
      unit: '{partition}',
    }),
    runDuration: meter.createHistogram(METRIC.runDuration, {
      description: 'Duration of a sync run on the orchestration clock',
      unit: 's',
    }),
    tokenAcquisitions: meter.createCounter(METRIC.tokenAcquisitions, {
      description: 'Access tokens obtained from the credential, by credential kind',
      unit: '{token}',
    }),
    tokenCacheHits: meter.createCounter(METRIC.tokenCacheHits, {
      description: "Token requests answered by the provider's own lease cache",
      unit: '{request}',
    }),
    refusals: meter.createCounter(METRIC.refusals, {
      description: 'Requests the Orders API refused, by refusal code',
      unit: '{request}',
    }),
    serverDuration: meter.createHistogram(METRIC.serverDuration, {
      description: 'Duration of HTTP-triggered invocations',
      unit: 's',
    }),
    clientDuration: meter.createHistogram(METRIC.clientDuration, {
      description: 'Duration of one request to the Orders API',
      unit: 's',
    }),
  };
  built = { provider, instruments };
  return instruments;
}
