/**
 * This project's two apps in one test process on one virtual clock: the harness runs them, the
 * local identity provider issues tokens on the same clock, and a global Date fake moves MSAL's
 * client assertions with it. Skipping a day must make the client's token expire (a new one is
 * requested) and a rolled-over signing key be picked up by the server's validator.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Agent, fetch as undiciFetch } from 'undici';

import { registerClientApp } from '../../../client-app/registerClientApp.js';
import type { SyncSummary } from '../../../client-app/sync/syncTypes.js';
import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import {
  startIdentityProvider,
  type RunningIdentityProvider,
} from '../../../local/identity/startIdentityProvider.js';
import { clientAppSettings, serverAppSettings } from '../../../local/stack/appSettings.js';
import { createTestHost, type TestHost } from '../../../local/testing/createTestHost.js';
import { TimeSkippingClock } from '../../../local/testing/TimeSkippingClock.js';
import { useFakeDate, type FakeDate } from '../../../local/testing/useFakeDate.js';
import { createOrdersStore } from '../../../server-app/orders/OrdersStore.js';
import { seedOrders } from '../../../server-app/orders/seedOrders.js';
import { registerServerApp } from '../../../server-app/registerServerApp.js';
import { createTableClient } from '../../../shared/storage/createTableClient.js';
import { readStorageConnection } from '../../../shared/storage/storageConnection.js';
import { REPO_ROOT } from '../../support/repoRoot.js';

const DAY = 86_400_000;

interface Scenario {
  readonly title: string;
  /** Install the global Date fake (MSAL's client assertions and cache read the wall clock). */
  readonly fakeDate: boolean;
  /** Client settings over the stack's (which sign in with the daemon's certificate). */
  readonly clientOverrides: (identity: RunningIdentityProvider) => Record<string, string>;
  /** Token requests the sync after the skipped day makes. */
  readonly checkNewTokens: (count: number) => void;
}

const SCENARIOS: readonly Scenario[] = [
  {
    title: 'certificate credential, with the Date fake for MSAL',
    fakeDate: true,
    clientOverrides: () => ({}),
    // The cached token had expired: exactly one new one.
    checkNewTokens: (count) => assert.equal(count, 1),
  },
  {
    // No client assertion to date, so the identity provider accepts the request; but MSAL dates
    // the token's expiry by the wall clock, a day behind, so the token cache (on the injected
    // clock) finds each new token already expired and asks again: why the harness offers the fake.
    title: 'client secret, injected clocks only (no Date fake)',
    fakeDate: false,
    clientOverrides: (identity) => {
      const daemon = identity.tenant.clients.find((c) => c.assignedRoles.length > 0);
      return {
        ORDERS_API_CREDENTIAL: 'client-secret',
        AZURE_CLIENT_SECRET: daemon?.secret ?? '',
        AZURE_CLIENT_CERTIFICATE_PATH: '',
      };
    },
    checkNewTokens: (count) => assert.ok(count > 1, `${count} new tokens`),
  },
];

let azurite: RunningAzurite;

before(async () => {
  azurite = await startAzurite();
  const storage = readStorageConnection('ORDERS_STORAGE', {
    ORDERS_STORAGE: azurite.connectionString,
  });
  await seedOrders(createOrdersStore(createTableClient(storage, 'orders')), {
    partitions: 2,
    ordersPerPartition: { min: 5, max: 10 },
  });
});
after(() => azurite?.stop());

for (const scenario of SCENARIOS) {
  describe(`this project's apps on one virtual clock: ${scenario.title}`, () => {
    const clock = new TimeSkippingClock();
    const now = () => clock.now();
    let fakeDate: FakeDate | undefined;
    let certDir: string;
    let identity: RunningIdentityProvider;
    let server: TestHost;
    let client: TestHost;

    before(async () => {
      if (scenario.fakeDate) fakeDate = useFakeDate(clock);
      certDir = await mkdtemp(path.join(tmpdir(), 'orders-testing-'));
      identity = await startIdentityProvider({ certDir, now });
      const ca = await readFile(identity.caCertPath, 'utf8');
      const agent = new Agent({ connect: { ca } });
      // undici's own fetch, trusting the local CA; its types differ from the global's only nominally.
      const trustingFetch = ((input: string, init?: RequestInit) =>
        undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;

      const serverSettings = serverAppSettings(azurite, identity);
      server = await createTestHost({
        appDir: REPO_ROOT,
        registrations: () => registerServerApp(serverSettings, { now, fetch: trustingFetch }),
        settings: serverSettings,
        clock,
      });
      const clientSettings = {
        ...clientAppSettings(azurite, identity, server.url),
        ...scenario.clientOverrides(identity),
      };
      client = await createTestHost({
        appDir: REPO_ROOT,
        registrations: () => registerClientApp(clientSettings, { now, trustedCaPem: ca }),
        settings: clientSettings,
        clock,
        timers: false,
      });
    });

    after(async () => {
      await client?.stop();
      await server?.stop();
      await identity?.stop();
      fakeDate?.restore();
      await rm(certDir, { recursive: true, force: true });
    });

    const sync = async (): Promise<SyncSummary> => {
      const response = await client.fetch('/api/sync', { method: 'POST' });
      assert.equal(response.status, 202);
      const { id } = (await response.json()) as { id: string };
      const status = await client.waitForCompletion(id);
      assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
      return status.output as SyncSummary;
    };
    const tokenRequests = () => identity.requestCount({ endpoint: 'token', status: 200 });
    const keyRequests = () => identity.requestCount({ endpoint: 'keys', status: 200 });

    it('re-acquires the token and validates a rolled-over key once a day has passed', async () => {
      const first = await sync();
      assert.equal(first.status, 'completed');
      assert.deepEqual(
        first.partitions.map((p) => p.status),
        ['synced', 'synced'],
      );
      assert.equal(tokenRequests(), 1);
      const keysAfterFirst = keyRequests();

      // Within the token's lifetime nothing is requested again.
      assert.equal((await sync()).status, 'completed');
      assert.equal(tokenRequests(), 1);

      const rotatedAt = clock.now();
      await identity.rotateSigningKey();
      await client.skip(DAY);
      assert.equal(clock.now(), rotatedAt + DAY);

      const before = tokenRequests();
      const later = await sync();
      assert.equal(later.status, 'completed');
      assert.ok(Date.parse(later.startedAt) >= rotatedAt + DAY, later.startedAt);
      scenario.checkNewTokens(tokenRequests() - before);
      // New tokens are signed with the new key, which the server only knows after fetching the
      // key set again: its validator's clock says its last fetch was a day ago.
      assert.ok(keyRequests() > keysAfterFirst, `key set fetched again (${keyRequests()})`);
    });
  });
}
