import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { BlobServiceClient } from '@azure/storage-blob';

import { startAzurite, type RunningAzurite } from '../../../local/azurite/startAzurite.js';
import {
  startIdentityProvider,
  type RunningIdentityProvider,
} from '../../../local/identity/startIdentityProvider.js';
import { clientAppSettings, serverAppSettings } from '../../../local/stack/appSettings.js';
import type { RetryNoticeView } from '../../../local/stack/formatRetryNotice.js';
import { createRetryNoticeReader } from '../../../local/stack/readRetryNotice.js';
import type { Order } from '../../../server-app/orders/Order.js';
import { createOrdersStore } from '../../../server-app/orders/OrdersStore.js';
import { seedOrders } from '../../../server-app/orders/seedOrders.js';
import { createTableClient } from '../../../shared/storage/createTableClient.js';
import { readStorageConnection } from '../../../shared/storage/storageConnection.js';
import { REPO_ROOT } from '../../support/repoRoot.js';
import { startHostProcess, type HostProcess } from '../../support/startHostProcess.js';
import { startFaultProxy, type FaultProxy } from './startFaultProxy.js';

export { REPO_ROOT };

export interface SyncSystem {
  readonly azurite: RunningAzurite;
  readonly identity: RunningIdentityProvider;
  readonly server: HostProcess;
  /** Sits between the client and the server; tests script faults on it. */
  readonly proxy: FaultProxy;
  /** Seeded order ids per partition, as the store holds them. */
  readonly seeded: ReadonlyMap<string, readonly string[]>;
  /**
   * Changes `count` orders of a partition as the order system would (a new status, `updatedAt`
   * now) through the store's own write path, spread over the partition; returns them as written.
   */
  touch(partition: string, count: number): Promise<readonly Order[]>;
  /** Changes the named orders of a partition the same way. */
  touchOrders(partition: string, ids: readonly string[]): Promise<readonly Order[]>;
  /** Client app settings (env) as started; tests may start more clients with overrides. */
  clientEnv(overrides?: Record<string, string>): Record<string, string>;
  startClient(overrides?: Record<string, string>): Promise<HostProcess>;
  /** Order ids per partition written under `runs/{runId}/partitions/`. */
  readPartitionBlobs(runId: string): Promise<Map<string, string[]>>;
  /** `{id, updatedAt}` of every line of a run's partition blob. */
  readPartitionVersions(
    runId: string,
    partition: string,
  ): Promise<{ id: string; updatedAt: string }[]>;
  /** The stored watermark of a partition (null before its first committed run). */
  readWatermark(partition: string): Promise<string | null>;
  /** Blob-level faults between the client and Azurite's blob service (client data only). */
  readonly blobProxy: FaultProxy;
  /**
   * A TLS proxy in front of the identity provider's issuer, counting what reaches it. Point a
   * client's AZURE_AUTHORITY_HOST at it only where discovery is meant to fail: the issuer it
   * discovers names the provider's own origin, which MSAL checks against the authority.
   */
  readonly identityProxy: FaultProxy;
  /** Another server app with these settings over the usual ones, behind a fault proxy of its own. */
  startServer(
    overrides: Record<string, string>,
  ): Promise<{ server: HostProcess; proxy: FaultProxy }>;
  /** The client's latest retry notice (what the local stack's console prints), if any. */
  readRetryNotice(): Promise<RetryNoticeView | undefined>;
  stop(): Promise<void>;
}

/**
 * The whole system for end-to-end tests: Azurite (in memory), the local identity provider, the
 * real server app and the real client app, each app on the local host in its own process, with a
 * fault proxy between client and server. Small data so a run takes seconds.
 */
export async function startSyncSystem(
  options: {
    partitions?: number;
    ordersPerPartition?: { min: number; max: number };
    /** Tenant files for the identity provider (default the repository's). */
    tenantFiles?: { configPath: string; resourceConfigPath: string };
  } = {},
): Promise<SyncSystem> {
  const certDir = mkdtempSync(path.join(tmpdir(), 'orders-e2e-certs-'));
  const azurite = await startAzurite();
  const identity = await startIdentityProvider({ certDir, ...options.tenantFiles });
  const connection = readStorageConnection('ORDERS_STORAGE', {
    ORDERS_STORAGE: azurite.connectionString,
  });
  const store = createOrdersStore(createTableClient(connection, 'orders'));
  const seed = await seedOrders(store, {
    partitions: options.partitions ?? 4,
    ordersPerPartition: options.ordersPerPartition ?? { min: 60, max: 140 },
  });
  const seeded = new Map<string, string[]>();
  const current = new Map<string, Order[]>();
  for (const { name } of seed.partitions) {
    const orders: Order[] = [];
    let continuationToken: string | null = null;
    do {
      const page = await store.listPage({ partition: name, top: 1000, continuationToken });
      orders.push(...page.items);
      continuationToken = page.continuationToken;
    } while (continuationToken);
    current.set(name, orders);
    seeded.set(
      name,
      orders.map((o) => o.id),
    );
  }

  const server = await startHostProcess({
    appDir: REPO_ROOT,
    env: serverAppSettings(azurite, identity),
  });
  const proxy = await startFaultProxy(server.url);
  const identityProxy = await startFaultProxy(identity.authorityHost, {
    key: readFileSync(path.join(certDir, 'identity-tls-key.pem'), 'utf8'),
    cert: readFileSync(identity.caCertPath, 'utf8'),
    ca: readFileSync(identity.caCertPath, 'utf8'),
  });
  const extraServers: { server: HostProcess; proxy: FaultProxy }[] = [];
  const readRetryNotice = createRetryNoticeReader(azurite.connectionString, 'orders-sync');
  const blobProxy = await startFaultProxy(azurite.blobEndpoint.replace(/\/devstoreaccount1$/, ''));
  // Durable state stays direct (AzureWebJobsStorage); the sync's own blobs go through the proxy.
  const clientData = azurite.connectionString.replace(
    /BlobEndpoint=[^;]+/,
    `BlobEndpoint=${blobProxy.url}/devstoreaccount1`,
  );
  const clients: HostProcess[] = [];
  const clientEnv = (overrides: Record<string, string> = {}) => ({
    ...clientAppSettings(azurite, identity, proxy.url),
    ORDERS_STORAGE: clientData,
    ORDERS_SYNC_PAGE_SIZE: '50',
    ORDERS_SYNC_MAX_PARALLEL: '2',
    ORDERS_API_RETRY_BUDGET_MS: '4000',
    ORDERS_API_TIMEOUT_MS: '5000',
    ORDERS_SYNC_RETRY_FIRST_INTERVAL_MS: '300',
    ORDERS_SYNC_ATTEMPTS: '2',
    ...overrides,
  });
  const container = BlobServiceClient.fromConnectionString(
    azurite.connectionString,
  ).getContainerClient('orders-sync');

  let touches = 0;
  async function touchOrders(partition: string, ids: readonly string[]): Promise<readonly Order[]> {
    const orders = current.get(partition) ?? [];
    const statuses = ['paid', 'shipped', 'delivered', 'refunded'] as const;
    touches += 1;
    const wanted = new Set(ids);
    const changed = orders
      .filter((o) => wanted.has(o.id))
      .map((order, i) => ({
        ...order,
        status: statuses[(touches + i) % statuses.length] ?? 'paid',
        updatedAt: new Date().toISOString(),
      }));
    await store.upsertOrders(changed);
    const byId = new Map(changed.map((o) => [o.id, o]));
    current.set(
      partition,
      orders.map((o) => byId.get(o.id) ?? o),
    );
    return changed;
  }

  return {
    azurite,
    identity,
    server,
    proxy,
    blobProxy,
    identityProxy,
    readRetryNotice,
    async startServer(overrides) {
      const extra = await startHostProcess({
        appDir: REPO_ROOT,
        env: { ...serverAppSettings(azurite, identity), ...overrides },
      });
      const entry = { server: extra, proxy: await startFaultProxy(extra.url) };
      extraServers.push(entry);
      return entry;
    },
    seeded,
    touchOrders,
    touch(partition, count) {
      const orders = current.get(partition) ?? [];
      const step = Math.max(1, Math.floor(orders.length / count));
      const picked = Array.from(
        { length: Math.min(count, orders.length) },
        (_, i) => (orders[(i * step + touches) % orders.length] as Order).id,
      );
      return touchOrders(partition, picked);
    },
    async readPartitionVersions(runId, partition) {
      const blob = container.getBlockBlobClient(`runs/${runId}/partitions/${partition}.ndjson`);
      return (await blob.downloadToBuffer())
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { id: string; updatedAt: string });
    },
    async readWatermark(partition) {
      const blob = container.getBlockBlobClient(`state/partitions/${partition}.json`);
      const state = JSON.parse((await blob.downloadToBuffer()).toString()) as {
        watermark: string | null;
      };
      return state.watermark;
    },
    clientEnv,
    async startClient(overrides) {
      const client = await startHostProcess({ appDir: REPO_ROOT, env: clientEnv(overrides) });
      clients.push(client);
      return client;
    },
    async readPartitionBlobs(runId) {
      const result = new Map<string, string[]>();
      for await (const blob of container.listBlobsFlat({ prefix: `runs/${runId}/partitions/` })) {
        const text = (await container.getBlockBlobClient(blob.name).downloadToBuffer()).toString();
        const partition = path.basename(blob.name, '.ndjson');
        const ids = text
          .split('\n')
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as { id: string }).id);
        result.set(partition, ids);
      }
      return result;
    },
    async stop() {
      for (const client of clients) await client.stop().catch(() => undefined);
      for (const extra of extraServers) {
        await extra.proxy.stop();
        await extra.server.stop().catch(() => undefined);
      }
      await identityProxy.stop();
      await proxy.stop();
      await blobProxy.stop();
      await server.stop();
      await identity.stop();
      await azurite.stop();
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}
