import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the child prints: claims and verdicts, or the error's public fields. */
export interface ChildResult {
  readonly claims?: Record<string, unknown>;
  readonly distinctLeases?: number;
  readonly describe?: Record<string, unknown>;
  readonly api?: { readonly ok: boolean; readonly status?: number };
  readonly error?: Record<string, unknown>;
}

/**
 * Runs fixtures/getTokensInChildProcess with exactly `env` (plus PATH), under the same loader
 * as this process (tsx when run from source, plain node when compiled). Killed after 60 s.
 */
export function runTokenChild(env: Record<string, string>): Promise<ChildResult> {
  const here = fileURLToPath(import.meta.url);
  const child = path.join(
    path.dirname(here),
    'fixtures',
    `getTokensInChildProcess${path.extname(here)}`,
  );
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--test'));
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...execArgv, child], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        reject(new Error(`child exited ${code ?? 'by signal'}: ${out}\n${err.slice(-2000)}`));
      }
    });
  });
}
