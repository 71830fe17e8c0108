import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

import { findRepoRoot } from '../../shared/findRepoRoot.js';
import { orphanGuardArgs } from '../process/orphanGuard.js';
import { AZURITE_ACCOUNT as ACCOUNT, AZURITE_ACCOUNT_KEY as ACCOUNT_KEY } from './devAccount.js';

export interface AzuriteOptions {
  /** Folder for persistent data; omitted means in-memory (tests). */
  readonly location?: string;
  /** Fixed ports; 0 or omitted picks free ones. */
  readonly blobPort?: number;
  readonly queuePort?: number;
  readonly tablePort?: number;
  readonly startTimeoutMs?: number;
}

export interface RunningAzurite {
  readonly blobEndpoint: string;
  readonly queueEndpoint: string;
  readonly tableEndpoint: string;
  /** A full connection string for all three services. */
  readonly connectionString: string;
  stop(): Promise<void>;
}

export class AzuriteStartError extends Error {
  readonly code = 'ERR_AZURITE_START';
  override name = 'AzuriteStartError';
}

/** Starts Azurite from the project's own npm dependency, as a child process on 127.0.0.1. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('azurite/package.json'));
  const args = [
    // Azurite exits when its parent does, even a parent killed with SIGKILL.
    ...orphanGuardArgs(findRepoRoot(import.meta.url)),
    path.join(packageDir, 'dist/src/azurite.js'),
    '--silent',
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(options.blobPort ?? 0),
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(options.queuePort ?? 0),
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(options.tablePort ?? 0),
    ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoints: Partial<Record<'Blob' | 'Queue' | 'Table', string>> = {};
  let output = '';

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`Azurite did not start within ${options.startTimeoutMs ?? 30_000} ms`),
      options.startTimeoutMs ?? 30_000,
    );
    function fail(message: string) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new AzuriteStartError(`${message}. Output:\n${output.slice(-2000)}`));
    }
    child.on('error', (error) => fail(`Azurite could not be spawned (${error.message})`));
    const onEarlyExit = (code: number | null) =>
      fail(`Azurite exited with code ${code ?? 'null'} while starting`);
    child.on('exit', onEarlyExit);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const match of output.matchAll(
        /Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+)/g,
      )) {
        endpoints[match[1] as 'Blob' | 'Queue' | 'Table'] = `${match[2]}/${ACCOUNT}`;
      }
      if (endpoints.Blob && endpoints.Queue && endpoints.Table) {
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        // Keep draining so a chatty child never blocks on a full pipe.
        child.stdout.resume();
        child.stderr.resume();
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });

  const {
    Blob: blobEndpoint,
    Queue: queueEndpoint,
    Table: tableEndpoint,
  } = endpoints as Required<typeof endpoints>;
  return {
    blobEndpoint,
    queueEndpoint,
    tableEndpoint,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};` +
      `BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
