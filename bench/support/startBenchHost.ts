import { fileURLToPath } from 'node:url';

import { spawnHostProcess } from '../../local/host/spawnHostProcess.js';
import { findRepoRoot } from '../../shared/findRepoRoot.js';

export interface BenchHostOptions {
  /** Which app the package runs as (`ORDERS_APP`). */
  readonly app: 'server' | 'client';
  /** App settings, added to this process's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
}

export interface BenchHost {
  readonly url: string;
  /** The host's process id: its memory is read from /proc/<pid>/status. */
  readonly pid: number | undefined;
  /** The last lines the host printed, for a failure message. */
  tail(): string;
  /** SIGTERM, SIGKILL after 10 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

const TAIL_LINES = 30;

/**
 * Runs the package (repo root as the app folder) on the local Functions host in its own process.
 * Only a short tail of the host's output is kept, so the bench process spends next to nothing on
 * it while it generates load. The app itself is always `dist/functions.js`
 * (package.json `main`), so `npm run bench` builds first.
 *
 * @throws {HostProcessStartError} with the output's tail when the host exits or times out first.
 */
export async function startBenchHost(options: BenchHostOptions): Promise<BenchHost> {
  const tail: string[] = [];
  const host = await spawnHostProcess({
    onLine: (line) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    },
    appDir: findRepoRoot(import.meta.url),
    env: { ...options.env, ORDERS_APP: options.app },
    fromSource: !fileURLToPath(import.meta.url).endsWith('.js'),
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
  });
  return {
    url: host.url,
    pid: host.pid,
    tail: () => tail.join('\n'),
    stop: async () => {
      await host.stop();
    },
  };
}
