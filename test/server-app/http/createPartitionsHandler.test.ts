import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createPartitionsHandler } from '../../../server-app/http/createPartitionsHandler.js';
import type { PartitionInfo } from '../../../server-app/orders/OrdersStore.js';
import { OrdersStoreError } from '../../../server-app/orders/OrdersStoreError.js';
import { captureLogger, context, fakeAuthenticator, get, REFUSED } from './fakeDeps.js';

function setup(listPartitions: () => Promise<readonly PartitionInfo[]>) {
  const authenticator = fakeAuthenticator();
  const logger = captureLogger();
  let storeCalls = 0;
  const handler = createPartitionsHandler({
    authenticator,
    logger,
    store: {
      listPartitions: () => {
        storeCalls++;
        return listPartitions();
      },
    },
  });
  return { handler, logger, storeCalls: () => storeCalls };
}

describe('createPartitionsHandler', () => {
  it('answers the authenticator refusal without reading the store', async () => {
    const { handler, storeCalls } = setup(() =>
      Promise.resolve([{ name: 'emea', changeIndex: true }]),
    );
    assert.deepEqual(await handler(get('orders/partitions'), context()), REFUSED);
    assert.equal(storeCalls(), 0);
  });

  it('lists the partitions by name only, uncacheable', async () => {
    const { handler } = setup(() =>
      Promise.resolve([
        { name: 'amer-east', changeIndex: false },
        { name: 'emea', changeIndex: true },
      ]),
    );
    assert.deepEqual(await handler(get('orders/partitions', 'good'), context()), {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      body: '{"partitions":[{"name":"amer-east"},{"name":"emea"}]}',
    });
  });

  it('answers 500 without internals when the table is missing', async () => {
    const { handler, logger } = setup(() =>
      Promise.reject(
        new OrdersStoreError('Table "orders" does not exist (could not list partitions)', {
          transient: false,
        }),
      ),
    );
    const response = await handler(get('orders/partitions', 'good'), context());
    assert.equal(response.status, 500);
    assert.equal(
      response.body,
      '{"type":"about:blank","status":500,"title":"Internal server error","detail":"The request could not be completed."}',
    );
    assert.deepEqual(logger.entries, [
      {
        level: 'error',
        message: 'Request failed',
        properties: {
          invocationId: 'inv-1',
          code: 'ERR_ORDERS_STORE',
          reason: 'OrdersStoreError: Table "orders" does not exist (could not list partitions)',
        },
      },
    ]);
  });
});
