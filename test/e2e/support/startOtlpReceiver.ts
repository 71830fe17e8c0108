import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One OTLP/HTTP JSON request as received. */
export interface OtlpRequest {
  readonly path: string;
  readonly text: string;
  readonly body: unknown;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`: what OTEL_EXPORTER_OTLP_ENDPOINT names. */
  readonly url: string;
  readonly requests: readonly OtlpRequest[];
  close(): Promise<void>;
}

/**
 * A real OTLP/HTTP receiver on loopback (port 0) for `http/json`: it accepts `/v1/traces`,
 * `/v1/metrics` and `/v1/logs` as a collector would (200, an empty partial-success body) and
 * keeps every request for the test to read.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || !/^\/v1\/(traces|metrics|logs)$/.test(req.url ?? '')) {
        res.writeHead(404).end();
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        res.writeHead(400).end();
        return;
      }
      requests.push({ path: req.url ?? '', text, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An OTLP JSON attribute list as a plain object. */
export function otlpAttributes(list: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const entry of (list as { key: string; value: Record<string, unknown> }[] | undefined) ??
    []) {
    const v = entry.value;
    const value = v.stringValue ?? v.boolValue ?? v.doubleValue ?? v.intValue;
    if (value !== undefined) {
      out[entry.key] =
        typeof value === 'string' && 'intValue' in v
          ? Number(value)
          : (value as string | number | boolean);
    }
  }
  return out;
}

/** A span as the OTLP JSON body carries it, with its service. */
export interface OtlpSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Record<string, string | number | boolean>;
}

/** Every span of every `/v1/traces` request. */
export function otlpSpans(requests: readonly OtlpRequest[]): OtlpSpan[] {
  const spans: OtlpSpan[] = [];
  for (const request of requests.filter((r) => r.path === '/v1/traces')) {
    const body = request.body as {
      resourceSpans?: {
        resource?: { attributes?: unknown };
        scopeSpans?: { spans?: Record<string, unknown>[] }[];
      }[];
    };
    for (const resource of body.resourceSpans ?? []) {
      const service = String(otlpAttributes(resource.resource?.attributes)['service.name']);
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          spans.push({
            service,
            traceId: String(span.traceId),
            spanId: String(span.spanId),
            parentSpanId: typeof span.parentSpanId === 'string' ? span.parentSpanId : '',
            name: String(span.name),
            kind: Number(span.kind),
            attributes: otlpAttributes(span.attributes),
          });
        }
      }
    }
  }
  return spans;
}

/** The last exported value of each data point of a sum metric, keyed by one attribute. */
export function otlpSumBy(
  requests: readonly OtlpRequest[],
  name: string,
  attribute: string,
): Record<string, number> {
  const values: Record<string, number> = {};
  for (const request of requests.filter((r) => r.path === '/v1/metrics')) {
    const body = request.body as {
      resourceMetrics?: {
        scopeMetrics?: {
          metrics?: {
            name: string;
            sum?: {
              dataPoints?: { attributes?: unknown; asInt?: number | string; asDouble?: number }[];
            };
          }[];
        }[];
      }[];
    };
    for (const resource of body.resourceMetrics ?? []) {
      for (const scope of resource.scopeMetrics ?? []) {
        for (const metric of scope.metrics ?? []) {
          if (metric.name !== name) continue;
          for (const point of metric.sum?.dataPoints ?? []) {
            const key = String(otlpAttributes(point.attributes)[attribute]);
            values[key] = Number(point.asInt ?? point.asDouble ?? 0);
          }
        }
      }
    }
  }
  return values;
}
