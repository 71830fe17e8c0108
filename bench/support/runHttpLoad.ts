import autocannon from 'autocannon';

/** One kind of request to load a server with. */
export interface HttpScenario {
  /** Short label for the table. */
  readonly name: string;
  /** Path and query, e.g. `/api/health`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Headers that must differ on every request (e.g. a fresh token), merged over `headers`. Each
   * call must give headers never given before.
   */
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
  /**
   * Responses whose status was not `expectStatus`, plus connection errors and timeouts, plus
   * requests that had to repeat an earlier request's fresh headers.
   */
  readonly unexpected: number;
}

/**
 * Fresh requests each connection has ready per second of load: several times what one
 * connection here sends (a few hundred a second), so none is sent twice.
 */
const FRESH_REQUESTS_PER_CONNECTION_SECOND = 1_000;

/**
 * Loads `origin + scenario.path` with autocannon for `seconds`, over `connections` keep-alive
 * connections without pipelining (as HTTP clients of a Functions app behave).
 *
 * A scenario with fresh headers gives each connection its own list of requests, each with
 * headers of its own, built before the first request is sent and left out of the measured time:
 * building a request per send (autocannon's `setupRequest`) costs the load generator, on the
 * same cores as the server, enough to move the figure it is meant to compare, while a prebuilt
 * request costs it what a constant one does.
 */
export async function runHttpLoad(
  scenario: HttpScenario,
  options: HttpLoadOptions,
): Promise<HttpLoadRound> {
  const base = {
    url: `${options.origin}${scenario.path}`,
    headers: { ...scenario.headers },
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 10,
  };
  const { freshHeaders } = scenario;
  if (freshHeaders === undefined) return toRound(await autocannon(base), scenario, 0, 0);
  const perConnection = Math.ceil(options.seconds * FRESH_REQUESTS_PER_CONNECTION_SECOND);
  const lists = Array.from({ length: options.connections }, () =>
    Array.from({ length: perConnection }, () => ({
      headers: { ...scenario.headers, ...freshHeaders() },
    })),
  );
  const answered: number[] = [];
  const started = performance.now();
  // autocannon builds each connection's requests synchronously, inside its measured duration.
  const running = autocannon({
    ...base,
    setupClient: (client) => {
      const index = answered.push(0) - 1;
      client.setRequests(lists[index] ?? []);
      client.on('response', () => (answered[index] = (answered[index] ?? 0) + 1));
    },
  });
  const buildSeconds = (performance.now() - started) / 1000;
  const result = await running;
  const repeated = answered.reduce((sum, n) => sum + Math.max(0, n - perConnection), 0);
  return toRound(result, scenario, repeated, buildSeconds);
}

function sent(result: autocannon.Result): number {
  return result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
}

function toRound(
  result: autocannon.Result,
  scenario: HttpScenario,
  repeated: number,
  buildSeconds: number,
): HttpLoadRound {
  const responses = sent(result);
  const expected = result.statusCodeStats?.[`${scenario.expectStatus}`]?.count ?? 0;
  return {
    responses,
    seconds: result.duration - buildSeconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    unexpected: responses - expected + result.errors + repeated,
  };
}
