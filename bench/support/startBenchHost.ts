import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { findRepoRoot } from '../../local/identity/findRepoRoot.js';
import { READY_LINE_PREFIX } from '../../local/host/readyLine.js';

export interface BenchHostOptions {
  /** Which app the package runs as (`ORDERS_APP`). */
  readonly app: 'server' | 'client';
  /** App settings, added to this process's environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Default 60 s: a cold start through tsx on a busy 2-core machine is slow. */
  readonly readyTimeoutMs?: number;
}

export interface BenchHost {
  readonly url: string;
  /** The last lines the host printed, for a failure message. */
  tail(): string;
  /** SIGTERM, SIGKILL after 10 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** Thrown when the host exits or stays silent before printing its ready line. */
export class BenchHostStartError extends Error {
  readonly code = 'ERR_BENCH_HOST_START';
  override name = 'BenchHostStartError';
}

const TAIL_CHARS = 4_000;

/**
 * Runs the package (repo root as the app folder) on the local Functions host in its own process,
 * on 127.0.0.1 and a free port: compiled `dist/local/host/cli.js` when the bench runs compiled,
 * else the host's source through tsx. The app itself is always `dist/functions.js` (package.json
 * `main`), so `npm run bench` builds first.
 *
 * The host logs every invocation; its output is drained and only a short tail kept, so the bench
 * process spends no time or memory on it while it generates load.
 *
 * @throws {BenchHostStartError} with the output tail when the host exits or times out first.
 */
export async function startBenchHost(options: BenchHostOptions): Promise<BenchHost> {
  const root = findRepoRoot(import.meta.url);
  const compiled = fileURLToPath(import.meta.url).endsWith('.js');
  const entry = compiled
    ? [path.join(root, 'dist', 'local', 'host', 'cli.js')]
    : ['--import', 'tsx', path.join(root, 'local', 'host', 'cli.ts')];
  const child = spawn(process.execPath, [...entry, root, '--port', '0'], {
    cwd: root,
    env: { ...process.env, ...options.env, ORDERS_APP: options.app },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new BenchHostStartError(`the ${options.app} app ${why}. Output:\n${tail}`));
    };
    const timer = setTimeout(() => fail(`printed no ready line within ${timeoutMs} ms`), timeoutMs);
    const onData = () => {
      // Complete lines only: a chunk may end inside the ready line.
      const line = tail
        .split('\n')
        .slice(0, -1)
        .find((l) => l.startsWith(READY_LINE_PREFIX));
      if (line === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      resolve(line.slice(READY_LINE_PREFIX.length).trim());
    };
    const onExit = (code: number | null) => fail(`exited with code ${code} while starting`);
    child.stdout.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not be spawned (${error.message})`));
  });

  return {
    url,
    tail: () => tail,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    },
  };
}
