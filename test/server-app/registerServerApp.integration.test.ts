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
import { createTableClient } from '../../shared/storage/createTableClient.js';
import { API, CALLER, TENANT, v2Claims } from '../support/bearerAuthFixtures.js';
import { startTestIssuer, type TestIssuer } from '../support/testIssuer.js';

const { HttpRequest, InvocationContext } = azureFunctions;

let azurite: RunningAzurite;
let issuer: TestIssuer;
let deactivate: () => void;
let registry: FunctionRegistry;
let seeded: { name: string; orders: number }[];

before(async () => {
  [azurite, issuer] = await Promise.all([startAzurite(), startTestIssuer(TENANT)]);
  const connection = {
    kind: 'connectionString',
    name: 'ORDERS_STORAGE',
    connectionString: azurite.connectionString,
  } as const;
  const result = await seedOrders(createOrdersStore(createTableClient(connection, 'orders')), {
    partitions: 2,
    ordersPerPartition: { min: 80, max: 160 },
    seed: 'wired',
  });
  seeded = [...result.partitions];
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
      partitions: [{ name: 'amer-east' }, { name: 'emea' }],
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
        const page = JSON.parse(response.body as string) as {
          items: Order[];
          continuationToken: string | null;
        };
        items.push(...page.items);
        continuationToken = page.continuationToken;
      } while (continuationToken !== null);
      assert.deepEqual(
        items,
        generateOrders({ partition: name, count: orders, seed: 'wired', endAt: DEFAULT_SEED_END }),
      );
    }
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
