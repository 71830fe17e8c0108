/**
 * The Orders API as registered, end to end minus the HTTP server: real settings, the real bearer
 * authenticator against a local issuer, the real store on Azurite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import azureFunctions, { type HttpResponseInit } from '@azure/functions';

import { FunctionRegistry } from '../../local/host/core/FunctionRegistry.js';
import { activateRegistry, installCoreModule } from '../../local/host/core/installCoreModule.js';
import { startAzurite, type RunningAzurite } from '../../local/azurite/startAzurite.js';
import { generateOrders } from '../../server-app/orders/generateOrders.js';
import type { Order } from '../../server-app/orders/Order.js';
import { createOrdersStore } from '../../server-app/orders/OrdersStore.js';
import { DEFAULT_SEED_END, seedOrders } from '../../server-app/orders/seedOrders.js';
import { registerServerApp } from '../../server-app/registerServerApp.js';
import { createAzureOrdersTable } from '../../server-app/orders/table/createAzureOrdersTable.js';
import { createTableClient } from '../../shared/storage/createTableClient.js';
import { API, CALLER, TENANT, v2Claims } from '../support/bearerAuthFixtures.js';
import { startTestIssuer, type TestIssuer } from '../support/testIssuer.js';
import { writeAsBeforeTheIndex } from './orders/writeAsBeforeTheIndex.js';

const { HttpRequest, InvocationContext } = azureFunctions;

let azurite: RunningAzurite;
let issuer: TestIssuer;
let deactivate: () => void;
let registry: FunctionRegistry;
let seeded: { name: string; orders: number }[];
/** A partition written as before the change index existed. */
let legacy: Order[];

interface Page {
  items: Order[];
  continuationToken: string | null;
  watermark?: string;
}

before(async () => {
  [azurite, issuer] = await Promise.all([startAzurite(), startTestIssuer(TENANT)]);
  const connection = {
    kind: 'connectionString',
    name: 'ORDERS_STORAGE',
    connectionString: azurite.connectionString,
  } as const;
  const table = createTableClient(connection, 'orders');
  const result = await seedOrders(createOrdersStore(table), {
    partitions: 2,
    ordersPerPartition: { min: 80, max: 160 },
    seed: 'wired',
  });
  seeded = [...result.partitions];
  legacy = generateOrders({
    partition: 'latam',
    count: 20,
    seed: 'wired',
    endAt: DEFAULT_SEED_END,
  });
  await writeAsBeforeTheIndex(createAzureOrdersTable(table), 'latam', legacy);
  installCoreModule();
  registry = new FunctionRegistry();
  deactivate = activateRegistry(registry, () => {});
  registerServerApp({
    AZURE_TENANT_ID: TENANT,
    ORDERS_API_CLIENT_ID: API,
    AZURE_AUTHORITY_HOST: issuer.authorityHost,
    ORDERS_API_ALLOWED_CLIENTS: CALLER,
    ORDERS_STORAGE: azurite.connectionString,
  });
});

after(async () => {
  deactivate?.();
  await Promise.all([azurite?.stop(), issuer?.close()]);
});

async function call(name: string, path: string, token?: string): Promise<HttpResponseInit> {
  const fn = registry.functions.find((f) => f.name === name);
  assert.ok(fn, `function ${name} is registered`);
  const request = new HttpRequest({
    method: 'GET',
    url: `http://localhost/api/${path}`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const context = new InvocationContext({ invocationId: 'inv', functionName: name });
  return (await fn.handler(request, context)) as HttpResponseInit;
}

/** A token valid now: the authenticator uses the real clock here. */
function token(overrides: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return issuer.sign(
    v2Claims(issuer, { iat: now - 60, nbf: now - 60, exp: now + 3600, ...overrides }),
  );
}

describe('registerServerApp (wired)', () => {
  it('refuses an anonymous call with 401 before validating its parameters', async () => {
    const response = await call('orders', 'orders?top=0');
    assert.equal(response.status, 401);
    assert.deepEqual(
      (response.headers as Record<string, string>)['WWW-Authenticate'],
      'Bearer realm="orders-api"',
    );
  });

  it('refuses a token without the role with 403', async () => {
    const response = await call('orders', 'orders?partition=emea', await token({ roles: [] }));
    assert.equal(response.status, 403);
  });

  it('lists the seeded partitions to an authorised caller', async () => {
    const response = await call('orderPartitions', 'orders/partitions', await token());
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body as string), {
      partitions: [{ name: 'amer-east' }, { name: 'emea' }, { name: 'latam' }],
    });
  });

  it('pages an authorised caller through exactly the seeded orders', async () => {
    const bearer = await token();
    for (const { name, orders } of seeded) {
      const items: Order[] = [];
      let continuationToken: string | null = null;
      do {
        const query: string = `orders?partition=${name}&top=50${continuationToken ? `&continuationToken=${continuationToken}` : ''}`;
        const response = await call('orders', query, bearer);
        assert.equal(response.status, 200, response.body as string);
        const page = JSON.parse(response.body as string) as Page;
        assert.equal(page.watermark === undefined, page.continuationToken !== null);
        items.push(...page.items);
        continuationToken = page.continuationToken;
      } while (continuationToken !== null);
      assert.deepEqual(
        items,
        generateOrders({ partition: name, count: orders, seed: 'wired', endAt: DEFAULT_SEED_END }),
      );
    }
  });

  it('serves a delta from the change index, with the watermark on its last page', async () => {
    const bearer = await token();
    const all = generateOrders({
      partition: 'emea',
      count: seeded.find((p) => p.name === 'emea')?.orders ?? 0,
      seed: 'wired',
      endAt: DEFAULT_SEED_END,
    });
    const byChange = [...all].sort((a, b) => (a.updatedAt + a.id < b.updatedAt + b.id ? -1 : 1));
    const since = (byChange[byChange.length - 3] as Order).updatedAt;
    const response = await call('orders', `orders?partition=emea&since=${since}`, bearer);
    assert.equal(response.status, 200, response.body as string);
    assert.deepEqual(JSON.parse(response.body as string), {
      items: byChange.slice(-3),
      continuationToken: null,
      watermark: (byChange[byChange.length - 1] as Order).updatedAt,
    });
  });

  it('answers 409 DELTA_INDEX_MISSING for a delta of a partition written before the index', async () => {
    const response = await call(
      'orders',
      'orders?partition=latam&since=2026-01-01T00:00:00Z',
      await token(),
    );
    assert.deepEqual(response, {
      status: 409,
      headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
      body: JSON.stringify({
        type: 'about:blank',
        status: 409,
        title: 'Change index missing',
        detail:
          'Partition "latam" has no change index yet, so a delta ("since") cannot be served; build it once with "npm run seed -- --reindex", or read the partition in full (without "since").',
        code: 'DELTA_INDEX_MISSING',
      }),
    });
    const full = await call('orders', 'orders?partition=latam&top=1000', await token());
    assert.deepEqual((JSON.parse(full.body as string) as Page).items, legacy);
  });

  it('answers 400, never 500, for a forged continuation token the table SDK could not send', async () => {
    const c = Buffer.from(JSON.stringify({ nextPartitionKey: 'x', nextRowKey: '\uDC00' })).toString(
      'base64',
    );
    const forged = Buffer.from(
      JSON.stringify({ v: 2, p: 'emea', s: null, c, w: '2026-12-02T05:00:00.000Z' }),
    ).toString('base64url');
    const response = await call(
      'orders',
      `orders?partition=emea&continuationToken=${forged}`,
      await token(),
    );
    assert.equal(response.status, 400);
    assert.equal(
      (JSON.parse(response.body as string) as { parameter: string }).parameter,
      'continuationToken',
    );
  });

  it('answers 400 naming a bad parameter once the caller is authorised', async () => {
    const response = await call('orders', 'orders?partition=emea&top=1001', await token());
    assert.equal(response.status, 400);
    assert.equal((JSON.parse(response.body as string) as { parameter: string }).parameter, 'top');
  });

  it('answers health anonymously', async () => {
    assert.equal((await call('health', 'health')).body, '{"status":"ok"}');
  });
});
