/**
 * What tracing costs: the same app twice, one with tracing off and one with the SDK on and an
 * in-process exporter that drops every span (`ORDERS_TRACE_EXPORT=drop`: all span creation,
 * attributes, context propagation and batching, no I/O), measured in interleaved rounds so drift
 * on the machine falls on both sides alike. Server: authorized `GET /api/orders` req/s. Client:
 * a sync's wall time against the Orders stand-in. Medians with their spread; target ≤ 10%.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startAzurite } from '../local/azurite/startAzurite.js';
import { startIdentityProvider } from '../local/identity/startIdentityProvider.js';
import { clientAppSettings, serverAppSettings } from '../local/stack/appSettings.js';
import { runSeedCli } from '../server-app/orders/runSeedCli.js';
import { SAMPLE_REGIONS } from '../server-app/orders/sampleRegions.js';
import { ROUTES } from '../shared/names.js';
import { overheadPercent, roundFigures, type RoundFigures } from './support/compareRounds.js';
import { fetchClientAuthorization } from './support/fetchClientAuthorization.js';
import { formatTable, formatTarget } from './support/printTable.js';
import { runHttpLoad } from './support/runHttpLoad.js';
import { runSyncOnce } from './support/runSyncOnce.js';
import { startBenchHost, type BenchHost } from './support/startBenchHost.js';
import { startOrdersStandIn, uniformPartitions } from './support/startOrdersStandIn.js';

const TARGET_PERCENT = 10;
const SERVER_ROUNDS = 6;
const ROUND_SECONDS = 3;
const CONNECTIONS = 10;
const SYNC_ROUNDS = 5;
const SYNC = { partitions: 20, pages: 5, ordersPerPage: 5, latencyMs: 20, maxParallel: 10 };
const TRACING_ON = { ORDERS_TRACE_EXPORT: 'drop' } as const;
/** A line per invocation on a console pipe costs more than the work (see the sync section). */
const QUIET = { AzureFunctionsJobHost__logging__logLevel__Function: 'Warning' } as const;

type Side = 'off' | 'on';

export async function benchTracingOverhead(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  try {
    const certDir = await mkdtemp(path.join(tmpdir(), 'bench-tracing-'));
    stops.push(() => rm(certDir, { recursive: true, force: true }));
    const azurite = await startAzurite();
    stops.push(() => azurite.stop());
    const identity = await startIdentityProvider({ certDir });
    stops.push(() => identity.stop());
    await seed(azurite.connectionString);

    const start = async (side: Side, app: 'server' | 'client', env: Record<string, string>) => {
      const host = await startBenchHost({
        app,
        env: { ...env, ...QUIET, ...(side === 'on' ? TRACING_ON : {}) },
      });
      stops.push(() => host.stop());
      return host;
    };

    // Server: req/s of an authorized page read.
    const servers: Record<Side, BenchHost> = {
      off: await start('off', 'server', serverAppSettings(azurite, identity)),
      on: await start('on', 'server', serverAppSettings(azurite, identity)),
    };
    const partition = SAMPLE_REGIONS[0]?.name ?? 'emea';
    const scenario = {
      name: 'GET /api/orders',
      path: `/api/${ROUTES.orders}?partition=${partition}&top=20`,
      headers: { authorization: await fetchClientAuthorization(identity, 'orders-daemon') },
      expectStatus: 200,
    };
    const rates: Record<Side, number[]> = { off: [], on: [] };
    const unexpected: Record<Side, number> = { off: 0, on: 0 };
    for (const side of ['off', 'on'] as const) {
      await runHttpLoad(scenario, {
        origin: servers[side].url,
        connections: CONNECTIONS,
        seconds: 1,
      });
    }
    for (let round = 0; round < SERVER_ROUNDS; round++) {
      for (const side of order(round)) {
        const result = await runHttpLoad(scenario, {
          origin: servers[side].url,
          connections: CONNECTIONS,
          seconds: ROUND_SECONDS,
        });
        rates[side].push(result.responses / result.seconds);
        unexpected[side] += result.unexpected;
      }
    }

    // Client: wall time of a full sync against the stand-in (its own task hub per side).
    const standIn = await startOrdersStandIn({
      partitions: uniformPartitions(SYNC.partitions, SYNC.pages * SYNC.ordersPerPage),
      latencyMs: SYNC.latencyMs,
      refillAfter: SYNC.maxParallel,
    });
    stops.push(() => standIn.stop());
    const clientEnv = (side: Side) => ({
      ...clientAppSettings(azurite, identity, standIn.url),
      ORDERS_SYNC_MAX_PARALLEL: String(SYNC.maxParallel),
      ORDERS_SYNC_PAGE_SIZE: String(SYNC.ordersPerPage),
      ORDERS_SYNC_SCHEDULE: '0 0 0 1 1 *',
      ORDERS_SYNC_CONTAINER: `bench-tracing-${side}`,
      AzureFunctionsJobHost__extensions__durableTask__hubName: `BenchTracing${side === 'on' ? 'On' : 'Off'}`,
    });
    const clients: Record<Side, BenchHost> = {
      off: await start('off', 'client', clientEnv('off')),
      on: await start('on', 'client', clientEnv('on')),
    };
    const walls: Record<Side, number[]> = { off: [], on: [] };
    const failedRuns: Record<Side, number> = { off: 0, on: 0 };
    const poll = { pollMs: 10, timeoutMs: 60_000 };
    for (const side of ['off', 'on'] as const)
      await runSyncOnce(clients[side].url, poll, { mode: 'full' });
    for (let round = 0; round < SYNC_ROUNDS; round++) {
      for (const side of order(round)) {
        const outcome = await runSyncOnce(clients[side].url, poll, { mode: 'full' });
        if (outcome.status?.runtimeStatus !== 'Completed') failedRuns[side] += 1;
        else walls[side].push(outcome.wallMs);
      }
    }

    const server = { off: roundFigures(rates.off), on: roundFigures(rates.on) };
    const sync = { off: roundFigures(walls.off), on: roundFigures(walls.on) };
    const serverOverhead = overheadPercent(server.off, server.on, 'rate');
    const syncOverhead = overheadPercent(sync.off, sync.on, 'time');
    for (const line of formatTable(
      [
        ['measure', 'tracing off (median, min–max)', 'tracing on, spans dropped', 'overhead'],
        [
          `server ${scenario.name} req/s (${SERVER_ROUNDS} × ${ROUND_SECONDS} s)`,
          spread(server.off, 0),
          spread(server.on, 0),
          `${serverOverhead.toFixed(1)}%`,
        ],
        [
          `sync wall ms (${SYNC.partitions}×${SYNC.pages} pages, ${SYNC_ROUNDS} runs)`,
          spread(sync.off, 0),
          spread(sync.on, 0),
          `${syncOverhead.toFixed(1)}%`,
        ],
      ],
      ['left', 'right', 'right', 'right'],
    )) {
      console.log(`  ${line}`);
    }
    const problems = [
      unexpected.off + unexpected.on > 0
        ? `${unexpected.off + unexpected.on} unexpected responses`
        : '',
      failedRuns.off + failedRuns.on > 0
        ? `${failedRuns.off + failedRuns.on} runs not completed`
        : '',
    ].filter(Boolean);
    console.log(
      formatTarget(
        `server overhead ≤ ${TARGET_PERCENT}%`,
        serverOverhead <= TARGET_PERCENT && problems.length === 0,
        problems.join(', ') || undefined,
      ),
    );
    console.log(
      formatTarget(
        `sync overhead ≤ ${TARGET_PERCENT}%`,
        syncOverhead <= TARGET_PERCENT && problems.length === 0,
      ),
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

/** Off first in even rounds, on first in odd ones. */
function order(round: number): readonly Side[] {
  return round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
}

function spread(figures: RoundFigures, digits: number): string {
  return `${figures.median.toFixed(digits)} (${figures.min.toFixed(digits)}–${figures.max.toFixed(digits)})`;
}

async function seed(connectionString: string): Promise<void> {
  const lines: string[] = [];
  const code = await runSeedCli({
    argv: ['--partitions', '1', '--orders', '1000'],
    settings: { ORDERS_STORAGE: connectionString },
    write: (line) => lines.push(line),
  });
  if (code !== 0) throw new Error(`seeding the orders table failed: ${lines.join(' ')}`);
}
