/**
 * Runs the local Functions host CLI (local/host/cli.ts) as a child process, for suites that need
 * an app in its own process (one app per process) or want to test signals and exit codes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { READY_LINE_PREFIX } from '../../local/host/readyLine.js';

export interface HostProcessOptions {
  /** The app folder (holding package.json and host.json). */
  readonly appDir: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Keep durable state in memory (`--memory`). */
  readonly memory?: boolean;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Default 60 s: spawning through tsx on a busy machine is slow. */
  readonly readyTimeoutMs?: number;
}

export interface HostProcess {
  readonly url: string;
  /** Every stdout/stderr line so far (stderr lines prefixed with `stderr: `). */
  readonly logs: readonly string[];
  /** SIGTERM, then resolves with the exit code once the host has stopped. */
  stop(): Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** Settles when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Thrown when the host exits or stays silent before printing its ready line. */
export class HostProcessStartError extends Error {
  readonly code = 'ERR_HOST_PROCESS_START';
  override name = 'HostProcessStartError';
}

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/**
 * Spawns the CLI: compiled `dist/local/host/cli.js` when this helper itself runs compiled (npm
 * test), else the TypeScript source through tsx. Resolves once the host prints its ready line.
 *
 * @throws {HostProcessStartError} with the process output when it exits or times out first.
 */
export async function startHostProcess(options: HostProcessOptions): Promise<HostProcess> {
  const root = repoRoot();
  const compiled = fileURLToPath(import.meta.url).endsWith('.js');
  const entry = compiled
    ? [path.join(root, 'dist', 'local', 'host', 'cli.js')]
    : ['--import', 'tsx', path.join(root, 'local', 'host', 'cli.ts')];
  const args = [
    ...entry,
    options.appDir,
    '--port',
    String(options.port ?? 0),
    ...(options.memory ? ['--memory'] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new HostProcessStartError(`${why}. Output:\n${logs.join('\n').slice(-4000)}`));
    };
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    const timer = setTimeout(
      () => fail(`The host printed no ready line within ${timeoutMs} ms`),
      timeoutMs,
    );
    const collect = (prefix: string) => {
      let partial = '';
      return (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          logs.push(prefix + line);
          if (line.startsWith(READY_LINE_PREFIX)) {
            clearTimeout(timer);
            resolve(line.slice(READY_LINE_PREFIX.length).trim());
          }
        }
      };
    };
    child.stdout.on('data', collect(''));
    child.stderr.on('data', collect('stderr: '));
    child.once('error', (error) => fail(`The host could not be spawned (${error.message})`));
    void exited.then(({ code, signal }) =>
      fail(`The host exited (code ${code}, signal ${signal})`),
    );
  });

  return {
    url,
    logs,
    exited,
    kill: (signal) => child.kill(signal),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return (await exited).code;
    },
  };
}
