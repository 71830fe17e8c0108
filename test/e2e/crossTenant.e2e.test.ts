/**
 * Scenario A end to end: `npm start -- --once --cross-tenant` runs the whole sync with the
 * client's user-assigned managed identity in the home tenant and the Orders API in the second
 * local tenant. The client gets its token there with the real ManagedIdentityCredential and
 * ClientAssertionCredential (the identity as the multi-tenant app's federated credential), and
 * the API, the resource tenant's, validates it against that tenant's own issuer and keys.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CROSS_TENANT as X } from '../support/crossTenantFixture.js';
import { REPO_ROOT } from '../support/repoRoot.js';

describe('npm start -- --once --cross-tenant (end to end)', () => {
  let dataDir: string;
  let code: number | null;
  let output = '';

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'orders-cross-tenant-'));
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'dist/local/stack/start.js'),
        ...['--once', '--cross-tenant', '--client-port', '0', '--server-port', '0'],
        ...['--identity-port', '0', '--mi-port', '0', '--azurite-port', '0'],
        ...['--data-dir', dataDir],
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    code = await new Promise((resolve) => child.once('exit', resolve));
  });
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('syncs every partition across the two tenants and exits 0', () => {
    assert.equal(code, 0, output);
    assert.match(
      output,
      new RegExp(
        `cross-tenant: the client's identity in ${X.homeTenantId}, the API in ${X.resourceTenantId}`,
      ),
    );
    assert.match(output, /Sync \S+: completed in \d+\.\d s/);
    assert.match(output, /total {7}6\/6 +\d+/);
  });

  it("got the resource tenant's token for its API as the multi-tenant app, which that tenant's API validated", () => {
    const clientLog = readFileSync(path.join(dataDir, 'logs/client-app.log'), 'utf8');
    const serverLog = readFileSync(path.join(dataDir, 'logs/server-app.log'), 'utf8');
    const acquired = /access token acquired (\{.*\})/.exec(clientLog)?.[1];
    assert.ok(acquired !== undefined, clientLog.slice(-2000));
    const fields = JSON.parse(acquired) as Record<string, unknown>;
    assert.deepEqual(
      [fields.mode, fields.scope, fields.clientId],
      ['managed-identity-federated', `api://${X.resourceApiClientId}/.default`, X.appId],
    );
    assert.match(
      serverLog,
      new RegExp(`signing keys are loaded \\{"tenantId":"${X.resourceTenantId}"`),
    );
    assert.doesNotMatch(clientLog, /eyJ[A-Za-z0-9_-]{20,}\./, 'no token in the log');
  });
});
