import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { findRepoRoot } from '../../../shared/findRepoRoot.js';

describe('local/identity/cli', () => {
  let certDir: string;
  before(async () => {
    certDir = await mkdtemp(path.join(tmpdir(), 'identity-cli-'));
  });
  after(async () => {
    await rm(certDir, { recursive: true, force: true });
  });

  it('prints the settings groups, serves the managed-identity endpoint and exits on SIGTERM', async () => {
    // Run the CLI the way this test runs: compiled JS from dist, or TypeScript under tsx.
    const here = fileURLToPath(import.meta.url);
    const extension = path.extname(here);
    const compiled = extension === '.js';
    const root = findRepoRoot(import.meta.url);
    const cli = compiled
      ? path.join(path.dirname(here), '../../../local/identity/cli.js')
      : path.join(root, 'local/identity/cli.ts');
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--test'));
    const child = spawn(process.execPath, [...execArgv, cli, '--cert-dir', certDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/\n# client app as orders-daemon-unassigned[^\n]*\n(?:[^\n]+\n)+\n/.test(out))
          resolve();
      });
      child.on('exit', (code) =>
        reject(new Error(`cli exited early (${code ?? 'signal'}): ${out}`)),
      );
    });
    const settings = new Map(
      out
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
        // The first group's value of each name: the home tenant's (the cross-tenant groups come last).
        .reverse() as [string, string][],
    );
    assert.equal(settings.get('AZURE_TENANT_ID'), 'd06a47d6-28da-4cfb-b94e-b85a694580a3');
    assert.match(settings.get('AZURE_AUTHORITY_HOST') ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(settings.get('NODE_EXTRA_CA_CERTS'), path.join(certDir, 'identity-tls-cert.pem'));
    const endpoint = settings.get('IDENTITY_ENDPOINT') ?? '';
    const response = await fetch(`${endpoint}?api-version=2019-08-01&resource=api://x`, {
      headers: { 'X-IDENTITY-HEADER': settings.get('IDENTITY_HEADER') ?? '' },
    });
    assert.equal(response.status, 400);
    await response.body?.cancel();
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
