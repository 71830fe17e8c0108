import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

import { REPO_ROOT } from '../../support/repoRoot.js';

export interface StackProcess {
  readonly child: ChildProcess;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /**
   * Resolves with the first match of `pattern` in the output from offset `from` (default 0),
   * waiting up to `timeoutMs` (default a generous 180 s).
   */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<number | null>;
}

/** `npm start` (its script) with port 0 everywhere, on `dataDir`, plus `extra` options. */
export function spawnStack(dataDir: string, extra: readonly string[] = []): StackProcess {
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'dist/local/stack/start.js'),
      ...['--client-port', '0', '--server-port', '0', '--identity-port', '0'],
      ...['--mi-port', '0', '--azurite-port', '0', '--data-dir', dataDir],
      ...extra,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern, from = 0, timeoutMs = 180_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output.slice(from));
          if (!match) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
  };
}

/** The ports in the stack's startup lines (Azurite's blob, identity, both apps). */
export function printedPorts(output: string): number[] {
  const ports = [
    /✓ Azurite +http:\/\/127\.0\.0\.1:(\d+)/,
    /✓ Identity +https:\/\/127\.0\.0\.1:(\d+)/,
    /✓ Server app +http:\/\/127\.0\.0\.1:(\d+)/,
    /✓ Client app +http:\/\/127\.0\.0\.1:(\d+)/,
  ].flatMap((pattern) => {
    const port = pattern.exec(output)?.[1];
    return port ? [Number(port)] : [];
  });
  return ports;
}

/**
 * Resolves once nothing listens on any of `ports` (each can be bound again), polling up to
 * `timeoutMs` — generous: a busy machine takes a while to notice and stop an orphan.
 * Rejects naming the ports still held.
 */
export async function waitForPortsFree(
  ports: readonly number[],
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let held = [...ports];
  while (held.length > 0) {
    const still: number[] = [];
    for (const port of held) if (!(await canBind(port))) still.push(port);
    held = still;
    if (held.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`ports still held after ${timeoutMs} ms: ${held.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function canBind(port: number): Promise<boolean> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return true;
  } catch {
    return false;
  }
}
