/**
 * The mistakes users make, end to end: each misconfiguration of the client (or of the server
 * it calls) is named, with the setting to fix. Permanent causes end the run at once without a
 * retry (the requests are counted where they land); possibly transient ones are retried, named
 * while the retries go on (the retry notice the `npm start` console prints), and named again in
 * the run's output and report. The client runs with the production retry settings, under which
 * a retried cause would take 45 s or more, so each bound below is generous and still telling.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';

import { BlobServiceClient } from '@azure/storage-blob';

import { formatRetryNotice, type RetryNoticeView } from '../../local/stack/formatRetryNotice.js';
import { watchInstance, type InstanceStatus } from '../../local/stack/watchSyncRun.js';
import { HostProcessStartError, type HostProcess } from '../support/startHostProcess.js';
import { closedPort } from './support/closedPort.js';
import { startSyncSystem, type SyncSystem } from './support/startSyncSystem.js';
import { postSync, SYNC_INSTANCE_ID } from './support/syncRuns.js';

/** What `npm start` uses: ORDERS_SYNC_* and ORDERS_API_RETRY_BUDGET_MS at their defaults. */
const PRODUCTION_RETRIES = {
  ORDERS_API_RETRY_BUDGET_MS: '60000',
  ORDERS_SYNC_RETRY_FIRST_INTERVAL_MS: '15000',
  ORDERS_SYNC_ATTEMPTS: '3',
};
/** Far above the ~1 s a permanent cause now takes, far below the 45 s it took when retried. */
const PERMANENT_BOUND_MS = 25_000;

interface ObservedRun {
  readonly status: InstanceStatus;
  readonly output: string;
  /** Retry notices seen while the run was in progress, with when they were seen. */
  readonly notices: readonly (RetryNoticeView & { readonly seenWhile: string })[];
  /** Custom statuses that announced a durable wait. */
  readonly waits: readonly unknown[];
  /** From the start request to the end of the run. */
  readonly elapsedMs: number;
}

describe('misconfigurations named fast (end to end)', () => {
  let system: SyncSystem;
  let client: HostProcess | undefined;
  before(async () => {
    system = await startSyncSystem({ partitions: 2, ordersPerPartition: { min: 20, max: 40 } });
  });
  afterEach(async () => {
    system.proxy.release();
    await client?.stop();
    client = undefined;
  });
  after(() => system.stop());

  async function runWith(overrides: Record<string, string>): Promise<ObservedRun> {
    client = await system.startClient(overrides);
    const since = Date.now();
    assert.equal((await postSync(client.url)).status, 202);
    const notices: (RetryNoticeView & { seenWhile: string })[] = [];
    const waits: unknown[] = [];
    let runtimeStatus = 'Pending';
    const status = await watchInstance(
      {
        clientUrl: client.url,
        timerFunction: 'ordersSyncTimer',
        instanceId: SYNC_INSTANCE_ID,
        onProgress: (s) => {
          runtimeStatus = s.runtimeStatus;
          if ((s.customStatus as { retry?: unknown } | undefined)?.retry)
            waits.push(s.customStatus);
        },
        readNotice: () => system.readRetryNotice(),
        onNotice: (notice) => notices.push({ ...notice, seenWhile: runtimeStatus }),
        pollMs: 100,
        noticePollMs: 100,
        timeoutMs: 180_000,
      },
      since,
    );
    const output =
      typeof status.output === 'string' ? status.output : JSON.stringify(status.output);
    return { status, output, notices, waits, elapsedMs: Date.now() - since };
  }

  /** The run report the output names (`report: runs/<runId>/report.json`). */
  async function readReport(output: string): Promise<{
    status: string;
    abortedBecause?: { code: string; settingToCheck?: { app: string; name: string } };
  }> {
    const path = /\(report: (runs\/\S+\/report\.json)\)/.exec(output)?.[1];
    assert.ok(path, output);
    const blob = BlobServiceClient.fromConnectionString(system.azurite.connectionString)
      .getContainerClient('orders-sync')
      .getBlockBlobClient(path);
    return JSON.parse((await blob.downloadToBuffer()).toString('utf8')) as Awaited<
      ReturnType<typeof readReport>
    >;
  }

  async function assertAbortedAtOnce(
    run: ObservedRun,
    code: string,
    setting: { app: 'client' | 'server'; name: string },
  ) {
    assert.equal(run.status.runtimeStatus, 'Failed', run.output);
    assert.match(run.output, new RegExp(`aborted: ${code}: `));
    assert.ok(run.output.includes(setting.name), run.output);
    assert.ok(run.elapsedMs < PERMANENT_BOUND_MS, `aborted after ${run.elapsedMs} ms`);
    assert.deepEqual(run.notices, [], 'a permanent cause is never retried');
    const report = await readReport(run.output);
    assert.deepEqual(
      [report.status, report.abortedBecause?.code, report.abortedBecause?.settingToCheck],
      ['aborted', code, setting],
    );
  }

  it('refuses at startup an http ORDERS_API_BASE_URL that is not loopback, naming the setting', async () => {
    await assert.rejects(
      system.startClient({ ORDERS_API_BASE_URL: 'http://orders-api.example.net' }),
      (error: unknown) => {
        assert.ok(error instanceof HostProcessStartError);
        assert.match(
          error.output,
          /ORDERS_API_BASE_URL: must use https: the bearer token would travel in cleartext/,
        );
        return true;
      },
    );
  });

  it('a wrong tenant: ERR_TOKEN_TENANT_NOT_FOUND naming AZURE_TENANT_ID, one discovery request', async () => {
    const tenant = randomUUID();
    const seenBefore = system.identityProxy.seen.length;
    const apiRequestsBefore = system.proxy.seen.length;
    const run = await runWith({
      ...PRODUCTION_RETRIES,
      AZURE_TENANT_ID: tenant,
      AZURE_AUTHORITY_HOST: system.identityProxy.url,
    });
    await assertAbortedAtOnce(run, 'ERR_TOKEN_TENANT_NOT_FOUND', {
      app: 'client',
      name: 'AZURE_TENANT_ID',
    });
    assert.match(run.output, new RegExp(`tenant ${tenant} does not exist at .+ \\(AADSTS90002\\)`));
    assert.deepEqual(system.identityProxy.seen.slice(seenBefore), [
      `GET /${tenant}/v2.0/.well-known/openid-configuration`,
    ]);
    assert.equal(system.proxy.seen.length, apiRequestsBefore, 'no call without a token');
  });

  it('an unknown client: ERR_TOKEN_CLIENT_UNKNOWN naming AZURE_CLIENT_ID, one token request', async () => {
    const clientId = randomUUID();
    const run = await runWith({ ...PRODUCTION_RETRIES, AZURE_CLIENT_ID: clientId });
    await assertAbortedAtOnce(run, 'ERR_TOKEN_CLIENT_UNKNOWN', {
      app: 'client',
      name: 'AZURE_CLIENT_ID',
    });
    assert.match(run.output, /AADSTS700016/);
    assert.equal(system.identity.requestCount({ endpoint: 'token', clientId }), 1);
  });

  it('a wrong secret: ERR_TOKEN_CLIENT_SECRET naming AZURE_CLIENT_SECRET, one token request', async () => {
    const daemon = system.identity.tenant.clients.find((c) => c.assignedRoles.length > 0);
    assert.ok(daemon);
    const before = system.identity.requestCount({ endpoint: 'token', clientId: daemon.clientId });
    const run = await runWith({
      ...PRODUCTION_RETRIES,
      ORDERS_API_CREDENTIAL: 'client-secret',
      AZURE_CLIENT_SECRET: 'not-the-secret',
      AZURE_CLIENT_CERTIFICATE_PATH: '',
    });
    await assertAbortedAtOnce(run, 'ERR_TOKEN_CLIENT_SECRET', {
      app: 'client',
      name: 'AZURE_CLIENT_SECRET',
    });
    assert.match(run.output, /AADSTS7000215: Invalid client secret provided\./);
    assert.equal(
      system.identity.requestCount({ endpoint: 'token', clientId: daemon.clientId }) - before,
      1,
    );
  });

  it('a scope of no API: ERR_TOKEN_SCOPE naming ORDERS_API_SCOPE, one token request', async () => {
    const run = await runWith({
      ...PRODUCTION_RETRIES,
      ORDERS_API_SCOPE: 'api://not-the-orders-api/.default',
    });
    await assertAbortedAtOnce(run, 'ERR_TOKEN_SCOPE', { app: 'client', name: 'ORDERS_API_SCOPE' });
    assert.match(run.output, /AADSTS500011/);
    assert.equal(
      system.identity.requestCount({ endpoint: 'token', resource: 'api://not-the-orders-api' }),
      1,
    );
  });

  it('a missing role assignment: ORDERS_API_FORBIDDEN, one token request and one API request', async () => {
    const unassigned = system.identity.tenant.clients.find((c) => c.assignedRoles.length === 0);
    assert.ok(unassigned?.secret);
    const seenBefore = system.proxy.seen.length;
    const run = await runWith({
      ...PRODUCTION_RETRIES,
      ORDERS_API_CREDENTIAL: 'client-secret',
      AZURE_CLIENT_ID: unassigned.clientId,
      AZURE_CLIENT_SECRET: unassigned.secret,
      AZURE_CLIENT_CERTIFICATE_PATH: '',
    });
    assert.equal(run.status.runtimeStatus, 'Failed', run.output);
    assert.match(run.output, /aborted: ORDERS_API_FORBIDDEN: .*no Orders\.Read assignment/);
    assert.ok(run.elapsedMs < PERMANENT_BOUND_MS, `aborted after ${run.elapsedMs} ms`);
    assert.deepEqual(system.proxy.seen.slice(seenBefore), ['GET /api/orders/partitions']);
    assert.equal(
      system.identity.requestCount({ endpoint: 'token', clientId: unassigned.clientId }),
      1,
    );
  });

  it("a 503 saying the server's tenant does not exist ends the run at once, reporting the code", async () => {
    const seenBefore = system.proxy.seen.length;
    system.proxy.setRule(() => ({
      kind: 'respond',
      status: 503,
      headers: { 'retry-after': '5' },
      body: {
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        code: 'TENANT_NOT_FOUND',
      },
    }));
    const run = await runWith(PRODUCTION_RETRIES);
    await assertAbortedAtOnce(run, 'ORDERS_API_TENANT_NOT_FOUND', {
      app: 'server',
      name: 'AZURE_TENANT_ID',
    });
    assert.match(run.output, /code TENANT_NOT_FOUND/);
    assert.deepEqual(system.proxy.seen.slice(seenBefore), ['GET /api/orders/partitions']);
  });

  it('a server app whose AZURE_TENANT_ID names no tenant: the same, from the real server', async () => {
    const { proxy } = await system.startServer({ AZURE_TENANT_ID: randomUUID() });
    const run = await runWith({ ...PRODUCTION_RETRIES, ORDERS_API_BASE_URL: proxy.url });
    await assertAbortedAtOnce(run, 'ORDERS_API_TENANT_NOT_FOUND', {
      app: 'server',
      name: 'AZURE_TENANT_ID',
    });
    assert.match(run.output, /code TENANT_NOT_FOUND/);
    assert.deepEqual(proxy.seen, ['GET /api/orders/partitions']);
  });

  it('a wrong port (nothing listens): named as refused at the URL while retrying, and at the end', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await runWith({
      ORDERS_API_BASE_URL: url,
      // Short enough for a test; the retries are the same code path as in production.
      ORDERS_API_RETRY_BUDGET_MS: '3000',
      ORDERS_SYNC_RETRY_FIRST_INTERVAL_MS: '1000',
      ORDERS_SYNC_ATTEMPTS: '2',
    });
    const [first] = run.notices;
    assert.ok(first, 'a retry notice while the run was in progress');
    assert.equal(first.seenWhile, 'Running');
    assert.deepEqual(
      [first.what, first.code, first.settingToCheck],
      [
        'listing partitions',
        'ORDERS_API_CONNECTION_REFUSED',
        { app: 'client', name: 'ORDERS_API_BASE_URL' },
      ],
    );
    assert.ok(first.message.includes(`connection refused at ${url}`), first.message);
    assert.match(formatRetryNotice(first), /Check ORDERS_API_BASE_URL \(client app\)\.$/);
    assert.ok(
      Date.parse(first.at) - Date.parse(run.status.createdTime ?? first.at) < 15_000,
      'named soon after the first failure',
    );
    assert.ok(run.waits.length > 0, 'the durable wait before the second attempt was published');
    assert.equal(run.status.runtimeStatus, 'Failed');
    assert.match(
      run.output,
      /aborted: ORDERS_API_CONNECTION_REFUSED: listing partitions: connection refused at/,
    );
    assert.ok(run.output.includes(`connection refused at ${url}`), run.output);
    assert.ok(run.output.includes('check ORDERS_API_BASE_URL'), run.output);
    const report = await readReport(run.output);
    assert.deepEqual(
      [report.status, report.abortedBecause?.code, report.abortedBecause?.settingToCheck],
      ['aborted', 'ORDERS_API_CONNECTION_REFUSED', { app: 'client', name: 'ORDERS_API_BASE_URL' }],
    );
  });

  it('the identity provider down: named as unreachable at AZURE_AUTHORITY_HOST while retrying, and at the end', async () => {
    const authority = `https://127.0.0.1:${await closedPort()}`;
    const run = await runWith({
      AZURE_AUTHORITY_HOST: authority,
      ORDERS_SYNC_RETRY_FIRST_INTERVAL_MS: '1000',
      ORDERS_SYNC_ATTEMPTS: '2',
    });
    const [first] = run.notices;
    assert.ok(first, 'a retry notice while the run was in progress');
    assert.equal(first.seenWhile, 'Running');
    assert.deepEqual(
      [first.what, first.code, first.settingToCheck],
      [
        'getting a token',
        'ERR_TOKEN_AUTHORITY_UNREACHABLE',
        { app: 'client', name: 'AZURE_AUTHORITY_HOST' },
      ],
    );
    assert.ok(first.message.includes(`connection refused at ${authority}/`), first.message);
    assert.equal(run.status.runtimeStatus, 'Failed');
    // The last attempt's failure names the authority; on a loaded machine it may be a timeout or
    // a reset rather than a refusal, so only the first notice's wording is pinned above.
    assert.match(run.output, /aborted: ERR_TOKEN_AUTHORITY_UNREACHABLE: /);
    assert.ok(run.output.includes(authority), run.output);
    assert.ok(run.output.includes('check AZURE_AUTHORITY_HOST'), run.output);
  });
});
