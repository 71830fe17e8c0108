import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { AzuriteStartError, startAzurite, type RunningAzurite } from '../azurite/startAzurite.js';
import {
  startIdentityProvider,
  type RunningIdentityProvider,
} from '../identity/startIdentityProvider.js';
import { clientAppSettings, serverAppSettings } from './appSettings.js';
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
  /** Azurite's data folder; default `<root>/.azurite`. Logs go to `<root>/.local/logs`. */
  readonly dataDir?: string;
  readonly ports?: StackPorts;
  /** Progress lines for the console. */
  readonly say: (line: string) => void;
}

export interface RunningStack {
  readonly azurite: RunningAzurite;
  readonly identity: RunningIdentityProvider;
  readonly server: SpawnedHost;
  readonly client: SpawnedHost;
  stop(): Promise<void>;
}

/**
 * Starts the whole system offline, each part a real component: Azurite, the local identity
 * provider, then the server and client Function Apps on the local host in their own processes,
 * seeding sample orders when the store is empty.
 *
 * @throws {StackError} with a cause and a fix; whatever had started is stopped again.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const { root, say } = options;
  const ports = options.ports ?? DEFAULT_STACK_PORTS;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    checkBuilt(root);
    await checkPorts(ports);
    const logDir = path.join(root, '.local', 'logs');
    mkdirSync(logDir, { recursive: true });

    const azurite = await startStorage(options.dataDir ?? path.join(root, '.azurite'), ports);
    stops.push(() => azurite.stop());
    say(
      `✓ Azurite          ${azurite.blobEndpoint.replace(/\/devstoreaccount1$/, '')} (data in ${options.dataDir ?? '.azurite/'})`,
    );

    const identity = await startIdentityProvider({
      port: ports.identity,
      miPort: ports.managedIdentity,
      certDir: path.join(root, '.local', 'identity'),
    });
    stops.push(() => identity.stop());
    say(`✓ Identity         ${identity.authorityHost}/${identity.tenantId} (local Entra stand-in)`);

    say(`  ${await seedIfEmpty(root, azurite)}`);

    const server = await spawnHost({
      name: 'server',
      root,
      port: ports.server,
      env: serverAppSettings(azurite, identity),
      logPath: path.join(logDir, 'server-app.log'),
    });
    stops.push(() => server.stop());
    say(`✓ Server app       ${server.url}/api/orders (log: .local/logs/server-app.log)`);

    const client = await spawnHost({
      name: 'client',
      root,
      port: ports.client,
      env: clientAppSettings(azurite, identity, server.url),
      logPath: path.join(logDir, 'client-app.log'),
    });
    stops.push(() => client.stop());
    say(`✓ Client app       ${client.url}/api/sync (log: .local/logs/client-app.log)`);

    return { azurite, identity, server, client, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
    [path.join(root, 'dist/server-app/orders/seedCli.js'), '--if-empty'],
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
