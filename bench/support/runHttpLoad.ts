import autocannon from 'autocannon';

/** One kind of request to load a server with. */
export interface HttpScenario {
  /** Short label for the table. */
  readonly name: string;
  /** Path and query, e.g. `/api/health`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers made anew for every request (e.g. a fresh token), merged over `headers`. */
  readonly freshHeaders?: () => Readonly<Record<string, string>>;
  /** The status every response must have for the figures to count. */
  readonly expectStatus: number;
}

export interface HttpLoadOptions {
  /** The server's origin, e.g. `http://127.0.0.1:7071`. */
  readonly origin: string;
  readonly seconds: number;
  readonly connections: number;
}

/** What one bounded run of one scenario measured. */
export interface HttpLoadRound {
  readonly responses: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses whose status was not `expectStatus`, plus connection errors and timeouts. */
  readonly unexpected: number;
}

/**
 * Loads `origin + scenario.path` with autocannon for `seconds`, over `connections` keep-alive
 * connections without pipelining (as HTTP clients of a Functions app behave).
 */
export async function runHttpLoad(
  scenario: HttpScenario,
  options: HttpLoadOptions,
): Promise<HttpLoadRound> {
  const result = await autocannon({
    url: `${options.origin}${scenario.path}`,
    headers: { ...scenario.headers },
    ...(scenario.freshHeaders === undefined
      ? {}
      : { requests: [freshRequest(scenario.freshHeaders)] }),
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 10,
  });
  const responses = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const expected = result.statusCodeStats?.[`${scenario.expectStatus}`]?.count ?? 0;
  return {
    responses,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    unexpected: responses - expected + result.errors,
  };
}

function freshRequest(freshHeaders: () => Readonly<Record<string, string>>): autocannon.Request {
  return {
    setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...freshHeaders() } }),
  };
}
