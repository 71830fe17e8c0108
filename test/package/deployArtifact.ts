/**
 * `npm run test:package`: the deploy artifact, made the way `azd deploy` and Flex Consumption's
 * remote build make it, then run as each Function App. Not part of `npm test` (no `.test.` in
 * the name): it installs the whole dependency tree once more, from the npm cache.
 *
 * 1. Upload: the files `.funcignore` lets through, judged by gitignore rules
 *    (support/collectUpload.ts), copied into a temporary folder outside the repository, so no
 *    module can resolve from the repository's node_modules.
 * 2. Remote build, as Oryx runs it for Node (microsoft/Oryx doc/runtimes/nodejs.md): `npm install`
 *    (dev dependencies included), `npm run build`; then `npm prune --omit=dev`, so only runtime
 *    dependencies are left — stricter than a build that keeps them.
 * 3. Run: the repository's local Functions host, pointed at that folder alone, once per app with
 *    the settings `npm start` gives it (Azurite and the local identity provider are real), checks
 *    the function list the host prints at startup, and runs one sync through both apps, so the
 *    modules a request loads lazily are proven present too.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient } from '@azure/storage-blob';
import ts from 'typescript';

import {
  SYNC_ACTIVITIES,
  SYNC_HTTP_START_FUNCTION,
  SYNC_ORCHESTRATION,
  SYNC_TIMER_FUNCTION,
} from '../../client-app/sync/syncNames.js';
import { readSyncSettings } from '../../client-app/sync/syncSettings.js';
import { startAzurite, type RunningAzurite } from '../../local/azurite/startAzurite.js';
import {
  startIdentityProvider,
  type RunningIdentityProvider,
} from '../../local/identity/startIdentityProvider.js';
import { clientAppSettings, serverAppSettings } from '../../local/stack/appSettings.js';
import { createOrdersStore } from '../../server-app/orders/OrdersStore.js';
import { seedOrders } from '../../server-app/orders/seedOrders.js';
import { ROUTES } from '../../shared/names.js';
import { createTableClient } from '../../shared/storage/createTableClient.js';
import { readStorageConnection } from '../../shared/storage/storageConnection.js';
import { REPO_ROOT } from '../support/repoRoot.js';
import { startHostProcess, type HostProcess } from '../support/startHostProcess.js';
import { collectUpload } from './support/collectUpload.js';

/** The Orders API's function names (server-app/functions/*.ts). */
const SERVER_FUNCTIONS = {
  orders: 'orders',
  partitions: 'orderPartitions',
  health: 'health',
} as const;

interface PackageJson {
  main: string;
  dependencies: Record<string, string>;
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/**
 * The environment of the build steps: this one without what would change npm's behaviour
 * (`npm run` passes its own config down as npm_* variables; NODE_ENV=production skips dev
 * dependencies). The cache and registry settings stay, so `--prefer-offline` finds the cache.
 */
function buildEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        key !== 'NODE_ENV' &&
        (!key.toLowerCase().startsWith('npm_') || keep.has(key.toLowerCase())),
    ),
  );
}

/** Runs `npm <args>` in `cwd`; rejects with the output's tail when it fails. */
async function npm(cwd: string, args: readonly string[]): Promise<void> {
  const child = spawn('npm', args, { cwd, env: buildEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    throw new Error(`npm ${args.join(' ')} exited with ${code} in ${cwd}:\n${output.slice(-4000)}`);
  }
  console.log(`# npm ${args.join(' ')}: done at ${elapsed()}`);
}

/** The startup function list (`Functions:`, then `name: [METHODS] url` or `name: triggerType`). */
function functionList(host: HostProcess): Map<string, string> {
  const start = host.logs.indexOf('Functions:');
  assert.ok(start >= 0, `the host printed no function list:\n${host.logs.join('\n')}`);
  const functions = new Map<string, string>();
  for (const line of host.logs.slice(start + 1)) {
    if (line.trim() === '') continue;
    const entry = /^\s+([^\s:]+): (.+)$/.exec(line);
    if (!entry) break;
    functions.set(entry[1] as string, entry[2] as string);
  }
  return functions;
}

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

describe('the deploy artifact, built as the remote build builds it', { timeout: 240_000 }, () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'orders-artifact-'));
  /** The folder the app runs from: what Flex Consumption would run after its build. */
  const artifact = path.join(workDir, 'wwwroot');
  const certDir = path.join(workDir, 'certs');
  const hosts: HostProcess[] = [];
  let azurite: RunningAzurite | undefined;
  let identity: RunningIdentityProvider | undefined;
  let routePrefix: string;

  before(() => {
    for (const file of collectUpload(REPO_ROOT)) {
      cpSync(path.join(REPO_ROOT, file), path.join(artifact, file));
    }
    mkdirSync(certDir);
    const hostJson = JSON.parse(readFileSync(path.join(artifact, 'host.json'), 'utf8')) as {
      extensions: { http: { routePrefix: string } };
    };
    routePrefix = hostJson.extensions.http.routePrefix;
    console.log(`# upload copied to ${artifact}`);
  });

  after(async () => {
    for (const host of hosts) await host.stop().catch(() => undefined);
    await identity?.stop().catch(() => undefined);
    await azurite?.stop().catch(() => undefined);
    if (process.env.KEEP_ARTIFACT) console.log(`# artifact kept in ${artifact}`);
    else rmSync(workDir, { recursive: true, force: true });
    console.log(`# test:package took ${elapsed()}`);
  });

  it('installs, builds and keeps only runtime dependencies', async () => {
    await npm(artifact, ['install', '--prefer-offline', '--no-audit', '--no-fund']);
    await npm(artifact, ['run', 'build']);
    await npm(artifact, ['prune', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund']);

    const pkg = JSON.parse(
      readFileSync(path.join(artifact, 'package.json'), 'utf8'),
    ) as PackageJson;
    assert.ok(
      existsSync(path.join(artifact, pkg.main)),
      `${pkg.main} (package.json main) was built`,
    );
    // Only the shipped trees were compiled: tsc skipped the dev-only includes, which were not uploaded.
    assert.deepEqual(
      readdirSync(path.join(artifact, 'dist'))
        .filter((name) => !name.includes('.'))
        .sort(),
      ['client-app', 'server-app', 'shared'],
    );
    const lock = JSON.parse(readFileSync(path.join(artifact, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devLeft = Object.entries(lock.packages)
      .filter(([key, entry]) => key !== '' && entry.dev === true)
      .filter(([key]) => existsSync(path.join(artifact, key, 'package.json')))
      .map(([key]) => key);
    assert.deepEqual(devLeft, [], 'dev dependencies left after the prune');

    // Every package the built code imports, statically or dynamically, is a runtime dependency
    // and installed: a module loaded only by a rare request fails here, not in Azure.
    const builtins = new Set(builtinModules);
    const missing = new Set<string>();
    for (const file of filesUnder(path.join(artifact, 'dist'), '.js')) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const { fileName: specifier } of importedFiles) {
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtins.has(specifier))
          continue;
        const name = packageName(specifier);
        if (
          !(name in pkg.dependencies) ||
          !existsSync(path.join(artifact, 'node_modules', name, 'package.json'))
        ) {
          missing.add(`${name} (imported by ${path.relative(artifact, file)})`);
        }
      }
    }
    assert.deepEqual([...missing], []);
  });

  it('starts as the Orders API with exactly its functions', async () => {
    azurite = await startAzurite();
    identity = await startIdentityProvider({ certDir });
    const server = await startHostProcess({
      appDir: artifact,
      env: serverAppSettings(azurite, identity),
    });
    hosts.push(server);
    const api = (route: string) => `${server.url}/${routePrefix}/${route}`;
    assert.deepEqual(
      functionList(server),
      new Map([
        [SERVER_FUNCTIONS.health, `[GET] ${api(ROUTES.health)}`],
        [SERVER_FUNCTIONS.partitions, `[GET] ${api(ROUTES.partitions)}`],
        [SERVER_FUNCTIONS.orders, `[GET] ${api(ROUTES.orders)}`],
      ]),
    );
    assert.equal((await fetch(api(ROUTES.health))).status, 200);
    assert.equal(
      (await fetch(api(ROUTES.orders))).status,
      401,
      'a request without a token is refused',
    );
    console.log(`# server app started from the artifact at ${elapsed()}`);
  });

  it('starts as the sync daemon with its starters, orchestration and activities', async () => {
    assert.ok(azurite && identity && hosts[0], 'the server app runs');
    const client = await startHostProcess({
      appDir: artifact,
      env: clientAppSettings(azurite, identity, hosts[0].url),
    });
    hosts.push(client);
    const functions = functionList(client);
    const expected = new Map<string, string>([
      [SYNC_TIMER_FUNCTION, 'timerTrigger'],
      [SYNC_HTTP_START_FUNCTION, `[POST] ${client.url}/${routePrefix}/${ROUTES.sync}`],
      [SYNC_ORCHESTRATION, 'orchestrationTrigger'],
      ...Object.values(SYNC_ACTIVITIES).map(
        (name) => [name, 'activityTrigger'] as [string, string],
      ),
    ]);
    assert.deepEqual(
      new Map([...expected.keys()].map((name) => [name, functions.get(name)])),
      expected,
      `registered: ${JSON.stringify(Object.fromEntries(functions))}`,
    );
    // Anything else the daemon registers is durable plumbing (e.g. a sub-orchestration), never
    // another entry point, and none of the Orders API's functions.
    const others = [...functions].filter(
      ([name, kind]) =>
        !expected.has(name) && !['orchestrationTrigger', 'activityTrigger'].includes(kind),
    );
    assert.deepEqual(others, []);
    for (const name of Object.values(SERVER_FUNCTIONS)) assert.ok(!functions.has(name), name);
    console.log(`# client app started from the artifact at ${elapsed()}`);
  });

  it('runs a sync through both apps from the artifact', async () => {
    assert.ok(azurite && identity && hosts[1], 'both apps run');
    const connection = readStorageConnection('ORDERS_STORAGE', {
      ORDERS_STORAGE: azurite.connectionString,
    });
    const store = createOrdersStore(createTableClient(connection, 'orders'));
    const seed = await seedOrders(store, {
      partitions: 2,
      ordersPerPartition: { min: 20, max: 40 },
    });

    const start = await fetch(`${hosts[1].url}/${routePrefix}/${ROUTES.sync}`, { method: 'POST' });
    assert.equal(start.status, 202, await start.clone().text());
    const { statusQueryGetUri } = (await start.json()) as { statusQueryGetUri: string };
    let status: { runtimeStatus: string; output?: unknown } = { runtimeStatus: 'Pending' };
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      status = (await (await fetch(statusQueryGetUri)).json()) as typeof status;
      if (!['Pending', 'Running', 'ContinuedAsNew'].includes(status.runtimeStatus)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));

    const env = clientAppSettings(azurite, identity, hosts[0]?.url ?? '');
    const container = BlobServiceClient.fromConnectionString(
      azurite.connectionString,
    ).getContainerClient(readSyncSettings(env).container);
    const written = new Set<string>();
    for await (const blob of container.listBlobsFlat({ prefix: 'runs/' })) {
      const partition = /\/partitions\/([^/]+)\.ndjson$/.exec(blob.name)?.[1];
      if (partition) written.add(partition);
    }
    assert.deepEqual([...written].sort(), seed.partitions.map((p) => p.name).sort());
    console.log(`# sync completed from the artifact at ${elapsed()}`);
  });
});
