import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { AzuriteStartError, startAzurite, type RunningAzurite } from '../azurite/startAzurite.js';
import {
  startIdentityProvider,
  type RunningIdentityProvider,
} from '../identity/startIdentityProvider.js';
import { orphanGuardArgs } from '../process/orphanGuard.js';
import {
  CLIENT_STACK_OWNED,
  clientAppSettings,
  CROSS_TENANT_CLIENT_STACK_OWNED,
  CROSS_TENANT_SERVER_STACK_OWNED,
  crossTenantClientAppSettings,
  crossTenantServerAppSettings,
  SERVER_STACK_OWNED,
  serverAppSettings,
} from './appSettings.js';
import { composeAppSettings } from './composeAppSettings.js';
import { lockDataDir } from './dataDirLock.js';
import { readAppSettingsFile } from './readAppSettingsFile.js';
import { checkPortFree } from './checkPortFree.js';
import { spawnHost, type SpawnedHost } from './spawnHost.js';
import { StackError } from './StackError.js';

export interface StackPorts {
  readonly client: number;
  readonly server: number;
  readonly identity: number;
  readonly managedIdentity: number;
  /** Blob; queue and table take the next two. */
  readonly azurite: number;
}

export const DEFAULT_STACK_PORTS: StackPorts = {
  client: 7071,
  server: 7072,
  identity: 8443,
  managedIdentity: 8081,
  azurite: 10000,
};

export interface StackOptions {
  /** The repository root (package.json, dist/). */
  readonly root: string;
  /** Azurite's data folder, locked while the stack runs; logs go to its `logs/`. Default `<root>/.azurite`. */
  readonly dataDir?: string;
  /** The folder holding `client-app/` and `server-app/` with their local.settings.json. Default `root`. */
  readonly settingsRoot?: string;
  /** Default `process.env`: it wins over local.settings.json, as in Core Tools. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  readonly ports?: StackPorts;
  /** Aborting (SIGINT during startup) stops whatever has started and rejects. */
  readonly signal?: AbortSignal;
  /** Progress lines for the console. */
  readonly say: (line: string) => void;
  /**
   * Scenario A across two local tenants: the API is the resource tenant's, the client signs in
   * there with its managed identity as the federated credential of a multi-tenant app.
   */
  readonly crossTenant?: boolean;
}

export interface RunningStack {
  readonly azurite: RunningAzurite;
  readonly identity: RunningIdentityProvider;
  readonly server: SpawnedHost;
  readonly client: SpawnedHost;
  /** Where both apps record their spans (ORDERS_TRACE_DIR), for `npm run trace`. */
  readonly traceDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the whole system offline, each part a real component: Azurite, the local identity
 * provider, then the server and client Function Apps on the local host in their own processes
 * (settings from their local.settings.json), seeding sample orders when the store is empty.
 *
 * @throws {StackError} with a cause and a fix; whatever had started is stopped again.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { root, say, signal } = options;
  const ports = options.ports ?? DEFAULT_STACK_PORTS;
  const dataDir = options.dataDir ?? path.join(root, '.azurite');
  const settingsRoot = options.settingsRoot ?? root;
  const processEnv = options.processEnv ?? process.env;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  /** Starts one part, registering its stop; an abort mid-way stops it once it is up. */
  const step = async <T extends { stop(): Promise<void> }>(start: Promise<T>): Promise<T> => {
    const started = await untilAborted(start, signal);
    stops.push(() => started.stop());
    return started;
  };
  try {
    checkBuilt(root);
    await checkPorts(ports);
    const settingsFiles = await Promise.all([
      readAppSettingsFile(settingsRoot, 'server'),
      readAppSettingsFile(settingsRoot, 'client'),
    ]);
    mkdirSync(dataDir, { recursive: true });
    const lock = lockDataDir(dataDir);
    stops.push(() => Promise.resolve(lock.release()));
    const logDir = path.join(dataDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    // Always recorded, beside any OTLP endpoint the environment names: npm run trace reads it.
    const traceDir = traceDirFor(root, options.dataDir);
    const tracing = { ORDERS_TRACE_DIR: traceDir };

    const azurite = await step(startStorage(dataDir, ports));
    say(
      `✓ Azurite          ${azurite.blobEndpoint.replace(/\/devstoreaccount1$/, '')} (data in ${options.dataDir ?? '.azurite/'})`,
    );

    const identity = await step(
      startIdentityProvider({
        port: ports.identity,
        miPort: ports.managedIdentity,
        certDir: path.join(root, '.local', 'identity'),
      }),
    );
    say(`✓ Identity         ${identity.authorityHost}/${identity.tenantId} (local Entra stand-in)`);
    const crossTenant = options.crossTenant === true;
    if (crossTenant) {
      say(
        `  cross-tenant: the client's identity in ${identity.tenantId}, the API in ${identity.resourceTenant.tenantId} (managed identity as a federated credential)`,
      );
    }

    say(`  ${await untilAborted(seedIfEmpty(root, azurite), signal)}`);

    const [serverFile, clientFile] = settingsFiles;
    const serverSettings = composeAppSettings({
      defaults: {
        ...(crossTenant ? crossTenantServerAppSettings : serverAppSettings)(azurite, identity),
        ...tracing,
      },
      owned: [
        ...(crossTenant ? CROSS_TENANT_SERVER_STACK_OWNED : SERVER_STACK_OWNED),
        'ORDERS_TRACE_DIR',
      ],
      file: serverFile,
      processEnv,
      port: ports.server,
    });
    say(settingsLine('server', serverFile.shownAs, serverSettings.replaced));
    const serverLog = path.join(logDir, 'server-app.log');
    const server = await step(
      spawnHost({
        name: 'server',
        root,
        port: ports.server,
        env: serverSettings.env,
        logPath: serverLog,
      }),
    );
    say(`✓ Server app       ${server.url}/api/orders (log: ${shownPath(serverLog)})`);

    const clientSettings = composeAppSettings({
      defaults: {
        ...(crossTenant ? crossTenantClientAppSettings : clientAppSettings)(
          azurite,
          identity,
          server.url,
        ),
        ...tracing,
      },
      owned: [
        ...(crossTenant ? CROSS_TENANT_CLIENT_STACK_OWNED : CLIENT_STACK_OWNED),
        'ORDERS_TRACE_DIR',
      ],
      file: clientFile,
      processEnv,
      port: ports.client,
    });
    say(settingsLine('client', clientFile.shownAs, clientSettings.replaced));
    const clientLog = path.join(logDir, 'client-app.log');
    const client = await step(
      spawnHost({
        name: 'client',
        root,
        port: ports.client,
        env: clientSettings.env,
        logPath: clientLog,
      }),
    );
    say(`✓ Client app       ${client.url}/api/sync (log: ${shownPath(clientLog)})`);

    return { azurite, identity, server, client, traceDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `.local/traces` for the default data dir (what `npm run trace` reads), else `<dataDir>/traces`. */
export function traceDirFor(root: string, dataDir: string | undefined): string {
  return dataDir === undefined ? path.join(root, '.local', 'traces') : path.join(dataDir, 'traces');
}

/** One line an app: where its settings came from, and which of them the stack replaced. */
function settingsLine(role: string, shownAs: string, replaced: readonly string[]): string {
  return replaced.length === 0
    ? `  ${role} settings: ${shownAs}`
    : `  ${role} settings: ${shownAs}; the stack's own endpoints replace ${replaced.join(', ')}`;
}

/** Relative to the working directory when inside it (the usual `.azurite/logs/…`), else absolute. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/**
 * `work`, unless `signal` aborts first: then rejects at once, and stops what `work` starts
 * should it still finish (a child it left behind also exits when this process does).
 */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      void work.then(
        (late) => (isStoppable(late) ? late.stop() : undefined),
        () => undefined,
      );
      reject(new StackError('ERR_ABORTED', 'startup interrupted', 'none needed'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function isStoppable(value: unknown): value is { stop(): Promise<void> } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { stop?: unknown }).stop === 'function'
  );
}

function checkBuilt(root: string): void {
  for (const file of ['dist/functions.js', 'dist/local/host/cli.js']) {
    if (!existsSync(path.join(root, file))) {
      throw new StackError(
        'ERR_NOT_BUILT',
        `the project is not built (${file} is missing)`,
        'run "npm run build" first, or use "npm start", which builds',
      );
    }
  }
}

async function checkPorts(ports: StackPorts): Promise<void> {
  const wanted: [number, string, string][] = [
    [ports.azurite, 'Azurite blob', '--azurite-port'],
    [ports.azurite + 1, 'Azurite queue', '--azurite-port'],
    [ports.azurite + 2, 'Azurite table', '--azurite-port'],
    [ports.identity, 'the identity provider', '--identity-port'],
    [ports.managedIdentity, 'the managed-identity endpoint', '--mi-port'],
    [ports.server, 'the server app', '--server-port'],
    [ports.client, 'the client app', '--client-port'],
  ];
  for (const [port, what, flag] of wanted) {
    if (port !== 0 && !(ports.azurite === 0 && what.startsWith('Azurite'))) {
      await checkPortFree(port, what, flag);
    }
  }
}

async function startStorage(dataDir: string, ports: StackPorts): Promise<RunningAzurite> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await startAzurite({
      location: dataDir,
      blobPort: ports.azurite,
      queuePort: ports.azurite === 0 ? 0 : ports.azurite + 1,
      tablePort: ports.azurite === 0 ? 0 : ports.azurite + 2,
    });
  } catch (error) {
    const reason =
      error instanceof AzuriteStartError ? error.message.split('\n')[0] : String(error);
    throw new StackError(
      'ERR_AZURITE_START',
      `Azurite failed to start (${reason})`,
      `run "npm install" (Azurite comes from the azurite package); if its data is damaged, delete ${dataDir}`,
    );
  }
}

/** Seeds through the server app's own seeding CLI, which skips a store that has data. */
async function seedIfEmpty(root: string, azurite: RunningAzurite): Promise<string> {
  const child = spawn(
    process.execPath,
    [...orphanGuardArgs(root), path.join(root, 'dist/server-app/orders/seedCli.js'), '--if-empty'],
    {
      cwd: root,
      env: { ...process.env, ORDERS_STORAGE: azurite.connectionString },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = output.trim().split('\n').pop() ?? '';
  if (code !== 0) {
    throw new StackError(
      'ERR_SEED',
      `seeding sample orders failed: ${line}`,
      'see the line above; "npm run seed" runs it alone',
    );
  }
  return line;
}
