import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

import { READY_LINE_PREFIX } from '../host/readyLine.js';
import { StackError } from './StackError.js';

export interface SpawnedHost {
  readonly name: string;
  readonly url: string;
  readonly logPath: string;
  stop(): Promise<void>;
}

/**
 * Starts one Function App on the local host in its own process, as two Function Apps would run,
 * with its output in `logPath` so the console stays readable.
 */
export async function spawnHost(options: {
  readonly name: string;
  readonly root: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly logPath: string;
  readonly readyTimeoutMs?: number;
}): Promise<SpawnedHost> {
  const log = createWriteStream(options.logPath, { flags: 'a' });
  const child = spawn(
    process.execPath,
    [
      path.join(options.root, 'dist/local/host/cli.js'),
      options.root,
      '--port',
      String(options.port),
    ],
    {
      cwd: options.root,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => fail(`did not start within ${(options.readyTimeoutMs ?? 60_000) / 1000} s`),
      options.readyTimeoutMs ?? 60_000,
    );
    function fail(why: string) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const lastLine = seen.trim().split('\n').filter(Boolean).pop() ?? '';
      reject(
        new StackError(
          'ERR_APP_START',
          `the ${options.name} app ${why}${lastLine ? `: ${lastLine.slice(0, 300)}` : ''}`,
          `read ${options.logPath} for the whole output`,
        ),
      );
    }
    const onEarlyExit = (code: number | null) =>
      fail(`exited with code ${code ?? 'null'} while starting`);
    const onStderr = (chunk: Buffer) => (seen += chunk.toString());
    const onStdout = (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split('\n').find((l) => l.startsWith(READY_LINE_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.stdout.off('data', onStdout);
      child.stderr.off('data', onStderr);
      resolve(line.slice(READY_LINE_PREFIX.length).trim());
    };
    child.once('exit', onEarlyExit);
    child.stdout.on('data', onStdout);
    child.stderr.on('data', onStderr);
  });

  return {
    name: options.name,
    url,
    logPath: options.logPath,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(force);
      }
      log.end();
    },
  };
}
