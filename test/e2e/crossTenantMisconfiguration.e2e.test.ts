/**
 * The cross-tenant mistakes, end to end: the real client app (on the local host, in its own
 * process) in managed-identity-federated mode, against the local identity provider whose tenant
 * files hold an app with a wrong FIC field each. Every mismatch ends the run at once, never
 * retried, the run's output and report naming the code and the FIC field or setting to fix.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import { crossTenantClientSettings } from '../../local/identity/identityProviderSettings.js';
import {
  BROKEN_APPS,
  CROSS_TENANT as X,
  writeCrossTenantFixture,
} from '../support/crossTenantFixture.js';
import type { HostProcess } from '../support/startHostProcess.js';
import { startSyncSystem, type SyncSystem } from './support/startSyncSystem.js';
import { postSync, waitForRun } from './support/syncRuns.js';

/** The defaults `npm start` runs with: a retried cause would take 45 s or more. */
const PRODUCTION_RETRIES = {
  ORDERS_API_RETRY_BUDGET_MS: '60000',
  ORDERS_SYNC_RETRY_FIRST_INTERVAL_MS: '15000',
  ORDERS_SYNC_ATTEMPTS: '3',
};
const PERMANENT_BOUND_MS = 25_000;

describe('cross-tenant misconfigurations named at once (end to end)', () => {
  let system: SyncSystem;
  let dir: string;
  let client: HostProcess | undefined;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'orders-fic-e2e-'));
    system = await startSyncSystem({
      partitions: 2,
      ordersPerPartition: { min: 20, max: 40 },
      tenantFiles: await writeCrossTenantFixture(dir),
    });
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });
  after(async () => {
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function runAs(appId: string) {
    const federated = crossTenantClientSettings(system.identity)?.settings ?? {};
    client = await system.startClient({
      ...federated,
      ...PRODUCTION_RETRIES,
      AZURE_CLIENT_ID: appId,
    });
    const exchangesBefore = system.identity.requestCount({ endpoint: 'token', clientId: appId });
    const since = Date.now();
    assert.equal((await postSync(client.url)).status, 202);
    const status = await waitForRun(client.url, since);
    return {
      runtimeStatus: status.runtimeStatus,
      output: typeof status.output === 'string' ? status.output : JSON.stringify(status.output),
      elapsedMs: Date.now() - since,
      exchanges:
        system.identity.requestCount({ endpoint: 'token', clientId: appId }) - exchangesBefore,
    };
  }

  const cases: [string, string, string, string, RegExp][] = [
    [
      'issuer',
      BROKEN_APPS.issuer,
      'ERR_TOKEN_FIC_ISSUER',
      'AZURE_CLIENT_ID',
      /AADSTS700211: the FIC issuer on app .* must be /,
    ],
    [
      'subject',
      BROKEN_APPS.subject,
      'ERR_TOKEN_FIC_SUBJECT',
      'ORDERS_API_MANAGED_IDENTITY_CLIENT_ID',
      /AADSTS700213: the FIC subject on app .*object \(principal\) id of identity /,
    ],
    [
      'audience',
      BROKEN_APPS.audience,
      'ERR_TOKEN_FIC_AUDIENCE',
      'AZURE_CLIENT_ID',
      /AADSTS7002121: the FIC audience on app .* must be exactly api:\/\/AzureADTokenExchange,/,
    ],
  ];
  for (const [field, appId, code, setting, message] of cases) {
    it(`a wrong FIC ${field}: ${code} naming ${setting}, one exchange, no retry`, async () => {
      const run = await runAs(appId);
      assert.equal(run.runtimeStatus, 'Failed', run.output);
      assert.match(run.output, new RegExp(`aborted: ${code}: `));
      assert.match(run.output, message);
      assert.ok(run.output.includes(setting), run.output);
      assert.equal(run.exchanges, 1, 'never retried');
      assert.ok(run.elapsedMs < PERMANENT_BOUND_MS, `aborted after ${run.elapsedMs} ms`);
    });
  }

  it('an expired identity token: ERR_TOKEN_FIC_ASSERTION_EXPIRED, one exchange, no retry', async () => {
    system.identity.injectFault({
      endpoint: 'managedIdentity',
      fault: { kind: 'backdate', seconds: 90_000 },
    });
    const run = await runAs(X.appId);
    assert.equal(run.runtimeStatus, 'Failed', run.output);
    assert.match(run.output, /aborted: ERR_TOKEN_FIC_ASSERTION_EXPIRED: .*AADSTS700024: /);
    assert.equal(run.exchanges, 1, 'never retried');
    assert.ok(run.elapsedMs < PERMANENT_BOUND_MS, `aborted after ${run.elapsedMs} ms`);
  });
});
