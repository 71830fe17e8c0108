/**
 * `npm start [-- --once] [--full] [--client-port N] [--server-port N] [--identity-port N] [--mi-port N]
 * [--azurite-port N] [--data-dir DIR] [--settings-dir DIR] [--cross-tenant]`: the whole system offline
 * (`--cross-tenant`: the API in a second local tenant, reached with a managed identity as a federated credential). Starts Azurite, the local
 * identity provider and both Function Apps, seeds sample orders if the store is empty, runs one
 * sync through the timer's path (incremental: the first on an empty data dir reads everything;
 * `--full` forces a full run through POST /api/sync) and prints its summary; then keeps running (the timer fires on
 * schedule, POST /api/sync works, and every run is reported here too) until Ctrl-C. With --once it exits after the run: 0 when every
 * partition synced, 1 otherwise.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { followSyncRuns } from './followSyncRuns.js';
import { formatRetryNotice } from './formatRetryNotice.js';
import { runsCommand } from './formatSyncReport.js';
import { createRetryNoticeReader } from './readRetryNotice.js';
import { describeTrigger, printRunOutcome, progressPrinter } from './reportRun.js';
import { StackError } from './StackError.js';
import {
  DEFAULT_STACK_PORTS,
  startStack,
  type RunningStack,
  type StackPorts,
} from './startStack.js';
import { runSyncAndWatch, watchInstance, type WatchOptions } from './watchSyncRun.js';

const SYNC_TIMER_FUNCTION = 'ordersSyncTimer';
const SYNC_INSTANCE_ID = 'orders-sync';
const SYNC_CONTAINER = 'orders-sync';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const say = (line: string) => console.log(line);

let stack: RunningStack | undefined;
let stopping = false;
// Aborted on Ctrl-C: during startup it stops what has started; later it ends the run follower.
const lifetime = new AbortController();
let starting: Promise<unknown> | undefined;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('Stopping…');
    lifetime.abort();
    await starting?.catch(() => undefined);
    await stack?.stop();
  }
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  const { once, full, crossTenant, ports, dataDir, settingsRoot } = readArgs(process.argv.slice(2));
  say('orders-daemon: starting the local stack');
  const starts = startStack({
    root,
    ports,
    say,
    signal: lifetime.signal,
    crossTenant,
    ...(dataDir ? { dataDir } : {}),
    ...(settingsRoot ? { settingsRoot } : {}),
  });
  starting = starts;
  stack = await starts;

  say(
    full
      ? `Running one full sync (POST /api/sync {"mode":"full"})…`
      : `Running one sync (the timer's path: POST /admin/functions/${SYNC_TIMER_FUNCTION})…`,
  );
  const watch: WatchOptions = {
    clientUrl: stack.client.url,
    timerFunction: SYNC_TIMER_FUNCTION,
    instanceId: SYNC_INSTANCE_ID,
    onProgress: progressPrinter(say),
    readNotice: createRetryNoticeReader(stack.azurite.connectionString, SYNC_CONTAINER),
    onNotice: (notice) => say(formatRetryNotice(notice)),
  };
  const status = await runSyncAndWatch({
    ...watch,
    ...(full ? { requestBody: { mode: 'full' } } : {}),
  });
  const runs = runsCommand(stack.azurite.blobEndpoint);
  const ok = printRunOutcome(status, runs, say);

  if (once) await shutdown(ok ? 0 : 1);
  say('');
  say('The stack keeps running; Ctrl-C stops it.');
  say(`  start a sync:   curl -i -X POST ${stack.client.url}/api/sync`);
  say(
    `  run status:     ${stack.client.url}/runtime/webhooks/durabletask/instances/${SYNC_INSTANCE_ID}`,
  );
  say(
    `  Orders API:     ${stack.server.url}/api/orders (needs a token), ${stack.server.url}/api/health`,
  );
  say(
    `  identity:       ${stack.identity.authorityHost}/${stack.identity.tenantId}/v2.0/.well-known/openid-configuration`,
  );
  say(`  the timer runs on ORDERS_SYNC_SCHEDULE (default every 6 hours)`);
  say(`  a run's trace:  npm run trace -- latest${traceDirArg(stack.traceDir)} (or a run id)`);
  // Every later run (the timer's, a curl's) is reported here as the first one was.
  await followSyncRuns({
    clientUrl: stack.client.url,
    instanceId: SYNC_INSTANCE_ID,
    reported: status,
    watchRun: (notBefore) => watchInstance(watch, notBefore),
    onRunStarted: (s) => say(`\nA sync run started ${describeTrigger(s)}…`),
    onRunFinished: (s) => void printRunOutcome(s, runs, say),
    onWatchError: (error) =>
      say(`  (lost track of the run: ${error instanceof Error ? error.message : String(error)})`),
    signal: lifetime.signal,
  });
} catch (error) {
  // After Ctrl-C the failure is the interruption itself: shutdown, already under way, exits 0.
  if (!stopping) {
    if (error instanceof StackError) {
      console.error(`✗ ${error.message}. Fix: ${error.fix}.`);
    } else {
      console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    }
    await shutdown(1);
  }
}

function readArgs(args: string[]): {
  once: boolean;
  full: boolean;
  crossTenant: boolean;
  ports: StackPorts;
  dataDir?: string;
  settingsRoot?: string;
} {
  const portOption = { type: 'string' } as const;
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        once: { type: 'boolean' },
        full: { type: 'boolean' },
        'cross-tenant': { type: 'boolean' },
        'client-port': portOption,
        'server-port': portOption,
        'identity-port': portOption,
        'mi-port': portOption,
        'azurite-port': portOption,
        'data-dir': { type: 'string' },
        'settings-dir': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new StackError('ERR_USAGE', (error as Error).message, 'see the options in README.md');
  }
  const port = (name: keyof typeof values, fallback: number) => {
    const text = values[name];
    if (text === undefined || typeof text !== 'string') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65_535) {
      throw new StackError(
        'ERR_USAGE',
        `--${name} must be a port number, got "${text}"`,
        'pass 0-65535',
      );
    }
    return n;
  };
  return {
    once: values.once === true,
    full: values.full === true,
    crossTenant: values['cross-tenant'] === true,
    ports: {
      client: port('client-port', DEFAULT_STACK_PORTS.client),
      server: port('server-port', DEFAULT_STACK_PORTS.server),
      identity: port('identity-port', DEFAULT_STACK_PORTS.identity),
      managedIdentity: port('mi-port', DEFAULT_STACK_PORTS.managedIdentity),
      azurite: port('azurite-port', DEFAULT_STACK_PORTS.azurite),
    },
    ...(typeof values['data-dir'] === 'string'
      ? { dataDir: path.resolve(values['data-dir']) }
      : {}),
    ...(typeof values['settings-dir'] === 'string'
      ? { settingsRoot: path.resolve(values['settings-dir']) }
      : {}),
  };
}

/** `--trace-dir <dir>` when the stack records elsewhere than `.local/traces`. */
function traceDirArg(traceDir: string): string {
  return traceDir === path.join(root, '.local', 'traces') ? '' : ` --trace-dir ${traceDir}`;
}
