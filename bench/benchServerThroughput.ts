/**
 * Requests per second over loopback HTTP against the server app on the local Functions host, side
 * by side on the same server in one run: `GET /api/health` (the baseline), a request with a valid
 * token lacking Orders.Read (validated in full on first sight, then answered from the refusal
 * cache until the token expires — the steady state of a daemon retrying with its cached token;
 * 403, no store), forged tokens (a known `kid`, a bad signature, a fresh token per request, so
 * every one costs a full signature check: what an attacker can make the server do; 401), and an
 * authorized `GET /api/orders` (validation plus a page from Table Storage on Azurite). Tokens
 * come from the local identity provider. Targets: the 403 path and the forged-token path each
 * ≥ 0.8× the health route's requests/s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startAzurite } from '../local/azurite/startAzurite.js';
import { startIdentityProvider } from '../local/identity/startIdentityProvider.js';
import { serverAppSettings } from '../local/stack/appSettings.js';
import { runSeedCli } from '../server-app/orders/runSeedCli.js';
import { SAMPLE_REGIONS } from '../server-app/orders/sampleRegions.js';
import { ROUTES } from '../shared/names.js';
import { fetchClientAuthorization } from './support/fetchClientAuthorization.js';
import { forgedBearerHeaders } from './support/forgedBearerHeaders.js';
import { formatTable, formatTarget } from './support/printTable.js';
import { findAppWorkerPid, readProcessCpuMs } from './support/processStats.js';
import { runHttpLoad, type HttpLoadRound, type HttpScenario } from './support/runHttpLoad.js';
import { startBenchHost } from './support/startBenchHost.js';

const CONNECTIONS = 10;
const WARM_UP_SECONDS = 1;
const ROUND_SECONDS = 3;
const ROUNDS = 3;
const PAGE_SIZE = 20;
const SEEDED_ORDERS = 1_000;
const FORBIDDEN_RATIO_TARGET = 0.8;
const FORGED_RATIO_TARGET = 0.8;
/** tenant.json's clients: one holding Orders.Read, one without an assignment. */
const AUTHORIZED_CLIENT = 'orders-daemon';
const UNASSIGNED_CLIENT = 'orders-daemon-unassigned';

const HEALTH = 'GET /api/health (anonymous)';
const FORBIDDEN = 'token without role → 403';
const FORGED = 'forged token, fresh each → 401';
const HEALTH_FRESH = 'GET /api/health, same fresh header';

interface ScenarioFigures {
  readonly scenario: HttpScenario;
  readonly rounds: HttpLoadRound[];
  /** CPU the host and its worker used during the rounds, ms; undefined without /proc. */
  readonly cpuMs: { host: number; worker: number } | undefined;
}

/** The server's two processes: the host (HTTP, routing) and the worker running the app. */
interface ServerPids {
  readonly host: number;
  readonly worker: number;
}

/** Starts Azurite, the identity provider and the server app, loads it, prints one table. */
export async function benchServerThroughput(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const certDir = await mkdtemp(path.join(tmpdir(), 'bench-server-'));
    stops.push(() => rm(certDir, { recursive: true, force: true }));
    const azurite = await startAzurite();
    stops.push(() => azurite.stop());
    const identity = await startIdentityProvider({ certDir });
    stops.push(() => identity.stop());

    const partition = SAMPLE_REGIONS[0]?.name ?? 'emea';
    await seed(azurite.connectionString);
    const server = await startBenchHost({
      app: 'server',
      env: serverAppSettings(azurite, identity),
    });
    stops.push(() => server.stop());

    const ordersPath = `/api/${ROUTES.orders}?partition=${partition}&top=${PAGE_SIZE}`;
    const authorized = await fetchClientAuthorization(identity, AUTHORIZED_CLIENT);
    const scenarios: HttpScenario[] = [
      { name: HEALTH, path: `/api/${ROUTES.health}`, expectStatus: 200 },
      {
        name: FORBIDDEN,
        path: ordersPath,
        headers: { authorization: await fetchClientAuthorization(identity, UNASSIGNED_CLIENT) },
        expectStatus: 403,
      },
      {
        name: FORGED,
        path: ordersPath,
        freshHeaders: forgedBearerHeaders(authorized.slice('Bearer '.length)),
        expectStatus: 401,
      },
      {
        // The same per-request token generation in the load generator, on the same 2 cores, to
        // a route that ignores it: separates what forging costs the client from the server.
        name: HEALTH_FRESH,
        path: `/api/${ROUTES.health}`,
        freshHeaders: forgedBearerHeaders(authorized.slice('Bearer '.length)),
        expectStatus: 200,
      },
      {
        name: `GET /api/orders (top=${PAGE_SIZE})`,
        path: ordersPath,
        headers: { authorization: authorized },
        expectStatus: 200,
      },
    ];
    await checkOnce(server.url, scenarios);

    const load = { origin: server.url, connections: CONNECTIONS };
    for (const scenario of scenarios) {
      await runHttpLoad(scenario, { ...load, seconds: WARM_UP_SECONDS });
    }
    const pids: ServerPids | undefined =
      server.pid === undefined
        ? undefined
        : { host: server.pid, worker: findAppWorkerPid(server.pid) };
    const measureCpu = pids !== undefined && readProcessCpuMs(pids.worker) !== undefined;
    const figures: ScenarioFigures[] = scenarios.map((scenario) => ({
      scenario,
      rounds: [],
      cpuMs: measureCpu ? { host: 0, worker: 0 } : undefined,
    }));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotating the order spreads any drift (other work on the machine, GC) over all scenarios.
      for (let i = 0; i < figures.length; i++) {
        const entry = figures[(i + round) % figures.length] as ScenarioFigures;
        const before = pids && readCpu(pids);
        entry.rounds.push(await runHttpLoad(entry.scenario, { ...load, seconds: ROUND_SECONDS }));
        const after = pids && readCpu(pids);
        if (entry.cpuMs && before && after) {
          entry.cpuMs.host += after.host - before.host;
          entry.cpuMs.worker += after.worker - before.worker;
        }
      }
    }
    print(figures);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

function readCpu(pids: ServerPids): { host: number; worker: number } | undefined {
  const host = readProcessCpuMs(pids.host);
  const worker = readProcessCpuMs(pids.worker);
  return host === undefined || worker === undefined ? undefined : { host, worker };
}

/** CPU µs per response; undefined without /proc. Printed whole: /proc counts in 10 ms steps. */
function cpuPerResponse({
  rounds,
  cpuMs,
}: ScenarioFigures): { host: number; worker: number } | undefined {
  const responses = rounds.reduce((sum, r) => sum + r.responses, 0);
  if (cpuMs === undefined || responses === 0) return undefined;
  return { host: (cpuMs.host * 1000) / responses, worker: (cpuMs.worker * 1000) / responses };
}

const wholeMicros = (micros: number | undefined): string =>
  micros === undefined ? '-' : micros.toFixed(0);

async function seed(connectionString: string): Promise<void> {
  const lines: string[] = [];
  const code = await runSeedCli({
    argv: ['--partitions', '1', '--orders', String(SEEDED_ORDERS)],
    settings: { ORDERS_STORAGE: connectionString },
    write: (line) => lines.push(line),
  });
  if (code !== 0) throw new Error(`seeding the orders table failed: ${lines.join(' ')}`);
}

/** The challenge each refusal scenario must get, so it measures the refusal it names. */
const EXPECTED_CHALLENGE: Readonly<Record<number, string>> = {
  401: 'error="invalid_token"',
  403: 'error="insufficient_scope"',
};

/**
 * One request per scenario first: a wrong setup would otherwise be measured as "fast". The 403
 * must be the missing role (`insufficient_scope`) and the 401 a refused token (`invalid_token`),
 * not a request refused for another reason.
 */
async function checkOnce(origin: string, scenarios: readonly HttpScenario[]): Promise<void> {
  for (const scenario of scenarios) {
    const response = await fetch(`${origin}${scenario.path}`, {
      headers: { ...scenario.headers, ...scenario.freshHeaders?.() },
    });
    await response.body?.cancel();
    const challenge = response.headers.get('www-authenticate') ?? '';
    const expectedChallenge = EXPECTED_CHALLENGE[scenario.expectStatus];
    if (
      response.status !== scenario.expectStatus ||
      (expectedChallenge !== undefined && !challenge.includes(expectedChallenge))
    ) {
      throw new Error(
        `${scenario.name}: expected ${scenario.expectStatus}, got ${response.status} ` +
          `(WWW-Authenticate: ${challenge || 'none'}) before loading`,
      );
    }
  }
}

function reqPerSec(rounds: readonly HttpLoadRound[]): number {
  const responses = rounds.reduce((sum, r) => sum + r.responses, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  return seconds > 0 ? responses / seconds : 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function print(figures: readonly ScenarioFigures[]): void {
  const rateOf = (name: string) =>
    reqPerSec(figures.find((f) => f.scenario.name === name)?.rounds ?? []);
  const base = rateOf(HEALTH);
  const orders = figures.find(
    (f) => f.scenario.path.includes(ROUTES.orders) && f.scenario.expectStatus === 200,
  );
  const rows = figures.map((entry) => {
    const { scenario, rounds } = entry;
    const rate = reqPerSec(rounds);
    const cpu = cpuPerResponse(entry);
    const perRound = rounds.map((r) => (r.responses / r.seconds).toFixed(0)).join('/');
    return [
      scenario.name,
      rate.toFixed(0),
      perRound,
      String(median(rounds.map((r) => r.p50Ms))),
      String(Math.max(...rounds.map((r) => r.p99Ms))),
      base > 0 ? `${(rate / base).toFixed(2)}×` : '-',
      String(rounds.reduce((sum, r) => sum + r.unexpected, 0)),
      wholeMicros(cpu?.host),
      wholeMicros(cpu?.worker),
    ];
  });
  console.log(
    `Server throughput: one server app process on the local host, ${CONNECTIONS} connections, ` +
      `${ROUNDS} interleaved rounds × ${ROUND_SECONDS} s per scenario after ${WARM_UP_SECONDS} s warm-up`,
  );
  for (const line of formatTable([
    [
      'scenario',
      'req/s',
      'per round',
      'p50 ms',
      'p99 ms',
      'vs health',
      'unexpected',
      'host µs/req',
      'worker µs/req',
    ],
    ...rows,
  ])) {
    console.log(line);
  }
  console.log(
    '  (latency in whole ms; p50: median of rounds; p99: worst round; unexpected: wrong status or error;',
  );
  console.log(
    '   host/worker µs/req: CPU the host process and the worker running the app used per response)',
  );
  for (const [name, what, target] of [
    [FORBIDDEN, '403 path', FORBIDDEN_RATIO_TARGET],
    [FORGED, 'forged-token path', FORGED_RATIO_TARGET],
  ] as const) {
    const unexpected = figures.some(
      (f) =>
        (f.scenario.name === name || f.scenario.name === HEALTH) &&
        f.rounds.some((r) => r.unexpected > 0),
    );
    const ratio = base > 0 ? rateOf(name) / base : 0;
    console.log(
      formatTarget(
        `${what} ≥ ${target}× health req/s`,
        ratio >= target && !unexpected,
        `${ratio.toFixed(2)}×${unexpected ? '; some responses had an unexpected status' : ''}`,
      ),
    );
  }
  const healthFresh = rateOf(HEALTH_FRESH);
  console.log(
    `  forged/health with the same per-request header generation: ${healthFresh > 0 ? (rateOf(FORGED) / healthFresh).toFixed(2) : '-'}× (no target; the server's share of the cost)`,
  );
  const workerCpu = (name: string) => {
    const entry = figures.find((f) => f.scenario.name === name);
    return entry && cpuPerResponse(entry)?.worker;
  };
  const forgedCpu = workerCpu(FORGED);
  const forbiddenCpu = workerCpu(FORBIDDEN);
  if (forgedCpu !== undefined && forbiddenCpu !== undefined) {
    console.log(
      `  worker CPU, forged − cached 403: ${wholeMicros(forgedCpu - forbiddenCpu)} µs/request (the signature check and what goes with it; the validation section times it in one process)`,
    );
  }
  const ordersRate = orders === undefined ? 0 : reqPerSec(orders.rounds);
  console.log(`  orders/health: ${base > 0 ? (ordersRate / base).toFixed(2) : '-'}× (no target)`);
}
