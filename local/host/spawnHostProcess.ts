import { spawn } from 'node:child_process';
import path from 'node:path';

import { findRepoRoot } from '../../shared/findRepoRoot.js';
import { orphanGuardArgs } from '../process/orphanGuard.js';
import { READY_LINE_PREFIX } from './readyLine.js';

export interface SpawnHostOptions {
  /** The app folder (holding package.json and host.json). */
  readonly appDir: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Keep durable state in memory (`--memory`). */
  readonly memory?: boolean;
  /** Added to this process's environment (the app's settings). */
  readonly env?: Readonly<Record<string, string>>;
  /** Run the host from its TypeScript source through tsx instead of `dist/`. Default false. */
  readonly fromSource?: boolean;
  /** Default 60 s: a cold start on a busy 2-core machine is slow. */
  readonly readyTimeoutMs?: number;
  /** Every complete line the host prints, as it prints it. */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface HostProcess {
  readonly url: string;
  /** The host's process id (for a bench reading its memory from /proc). */
  readonly pid: number | undefined;
  /** Settles when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (SIGKILL after 10 s); resolves with the exit code once the host has stopped. */
  stop(): Promise<number | null>;
}

/** The host exited, could not be spawned, or printed no ready line in time. */
export class HostProcessStartError extends Error {
  readonly code = 'ERR_HOST_PROCESS_START';
  override name = 'HostProcessStartError';
  /** The last lines the host printed (stderr lines prefixed with `stderr: `). */
  readonly output: string;

  constructor(message: string, output: string) {
    super(output ? `${message}. Output:\n${output}` : message);
    this.output = output;
  }
}

const TAIL_LINES = 40;

/**
 * Runs an app on the local Functions host CLI in a process of its own, as a Function App runs,
 * and resolves once the host prints its ready line.
 *
 * @throws {HostProcessStartError} with the output's tail when it exits or times out first.
 */
export async function spawnHostProcess(options: SpawnHostOptions): Promise<HostProcess> {
  const root = findRepoRoot(import.meta.url);
  // The host exits when its parent does (kill -9 included); its workers follow it.
  const guard = orphanGuardArgs(root, options.fromSource);
  const entry = options.fromSource
    ? ['--import', 'tsx', ...guard, path.join(root, 'local', 'host', 'cli.ts')]
    : [...guard, path.join(root, 'dist', 'local', 'host', 'cli.js')];
  const child = spawn(
    process.execPath,
    [
      ...entry,
      options.appDir,
      '--port',
      String(options.port ?? 0),
      ...(options.memory ? ['--memory'] : []),
    ],
    { cwd: root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const tail: string[] = [];
  let onReady: ((url: string) => void) | undefined;
  const lines = (stream: 'stdout' | 'stderr') => {
    let partial = '';
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        options.onLine?.(line, stream);
        if (onReady === undefined) continue;
        tail.push(stream === 'stderr' ? `stderr: ${line}` : line);
        if (tail.length > TAIL_LINES) tail.shift();
        if (stream === 'stdout' && line.startsWith(READY_LINE_PREFIX)) {
          onReady(line.slice(READY_LINE_PREFIX.length).trim());
        }
      }
    };
  };
  child.stdout.on('data', lines('stdout'));
  child.stderr.on('data', lines('stderr'));

  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      onReady = undefined;
      outcome();
    };
    const fail = (why: string) =>
      settle(() => {
        child.kill('SIGKILL');
        reject(new HostProcessStartError(why, tail.join('\n')));
      });
    const timer = setTimeout(
      () => fail(`The host printed no ready line within ${timeoutMs} ms`),
      timeoutMs,
    );
    onReady = (ready) => settle(() => resolve(ready));
    child.once('error', (error) => fail(`The host could not be spawned (${error.message})`));
    void exited.then(({ code, signal }) =>
      fail(`The host exited (code ${code}, signal ${signal})`),
    );
  });

  return {
    url,
    pid: child.pid,
    exited,
    kill: (signal) => child.kill(signal),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(force);
      }
      return (await exited).code;
    },
  };
}
