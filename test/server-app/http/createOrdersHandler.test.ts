import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createOrdersHandler } from '../../../server-app/http/createOrdersHandler.js';
import type { Order } from '../../../server-app/orders/Order.js';
import type { ListPageQuery, OrdersPage } from '../../../server-app/orders/OrdersStore.js';
import { encodeContinuationToken } from '../../../server-app/orders/continuationToken.js';
import { encodeMemoryToken } from '../../../server-app/orders/table/memoryContinuationToken.js';
import { ChangeIndexMissingError } from '../../../server-app/orders/ChangeIndexMissingError.js';
import { InvalidContinuationTokenError } from '../../../server-app/orders/InvalidContinuationTokenError.js';
import { OrdersStoreError } from '../../../server-app/orders/OrdersStoreError.js';
import { captureLogger, context, fakeAuthenticator, get, REFUSED } from './fakeDeps.js';

const ORDER: Order = {
  id: '01KRM12TEJ6T7VXJZTGWTF89ZP',
  partition: 'emea',
  customerId: 'cus_R2RJJGDPYXCND242',
  status: 'delivered',
  currency: 'EUR',
  totalAmount: '149.90',
  itemCount: 3,
  createdAt: '2026-05-14T19:58:10.386Z',
  updatedAt: '2026-05-20T00:59:58.255Z',
};

function setup(listPage: (query: ListPageQuery) => Promise<OrdersPage>) {
  const authenticator = fakeAuthenticator();
  const logger = captureLogger();
  const queries: ListPageQuery[] = [];
  const handler = createOrdersHandler({
    authenticator,
    logger,
    limits: { defaultPageSize: 100, maxPageSize: 1000 },
    store: {
      listPage: (query) => {
        queries.push(query);
        return listPage(query);
      },
    },
  });
  return { handler, authenticator, logger, queries };
}

/** A token this API issued for `partition=emea&since=2026-05-01T00:00:00Z`. */
const TOKEN = encodeContinuationToken(
  { partition: 'emea', since: '2026-05-01T00:00:00.000Z' },
  { tableToken: encodeMemoryToken('emea', '~u~x'), watermark: '2026-05-02T00:00:00.000Z' },
);

const onePage = () => Promise.resolve({ items: [ORDER], continuationToken: 'next' });

function badRequest(parameter: string, detail: string) {
  return {
    status: 400,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
    body: JSON.stringify({
      type: 'about:blank',
      status: 400,
      title: 'Invalid request parameter',
      detail,
      parameter,
    }),
  };
}

describe('createOrdersHandler', () => {
  it('answers the authenticator refusal before looking at any parameter', async () => {
    const { handler, authenticator, queries } = setup(onePage);
    assert.deepEqual(await handler(get('orders?top=0&bogus=1'), context()), REFUSED);
    assert.deepEqual(await handler(get('orders?partition=emea', 'bad'), context()), REFUSED);
    assert.equal(authenticator.calls, 2);
    assert.deepEqual(queries, []);
  });

  it('returns a page with its continuation token, uncacheable', async () => {
    const { handler, queries } = setup(onePage);
    const response = await handler(
      get(
        `orders?partition=emea&top=5&since=2026-05-01T00:00:00Z&continuationToken=${TOKEN}`,
        'good',
      ),
      context(),
    );
    assert.deepEqual(response, {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      body: JSON.stringify({ items: [ORDER], continuationToken: 'next' }),
    });
    assert.deepEqual(queries, [
      {
        partition: 'emea',
        top: 5,
        continuationToken: TOKEN,
        since: new Date('2026-05-01T00:00:00Z'),
      },
    ]);
  });

  it('uses the default page size, and gives the watermark with the null token of the last page', async () => {
    const { handler, queries } = setup(() =>
      Promise.resolve({
        items: [],
        continuationToken: null,
        watermark: '2026-12-02T05:00:00.123Z',
      }),
    );
    const response = await handler(get('orders?partition=amer-east', 'good'), context());
    assert.equal(
      response.body,
      '{"items":[],"continuationToken":null,"watermark":"2026-12-02T05:00:00.123Z"}',
    );
    assert.deepEqual(queries, [
      { partition: 'amer-east', top: 100, continuationToken: null, since: null },
    ]);
  });

  it('answers 400 naming the parameter for each bad parameter', async () => {
    const { handler, queries } = setup(onePage);
    const cases: [string, string, string][] = [
      ['orders', 'partition', '"partition" is required: a partition name such as "emea"'],
      [
        'orders?partition=EMEA',
        'partition',
        '"partition" must be a partition name: lower-case letters and digits in dash-separated words, at most 32 characters',
      ],
      ['orders?partition=emea&top=0', 'top', '"top" must be an integer from 1 to 1000'],
      [
        'orders?partition=emea&since=yesterday',
        'since',
        '"since" must be an ISO-8601 UTC timestamp such as 2026-11-01T00:00:00Z',
      ],
      [
        'orders?partition=emea&page=2',
        'page',
        '"page" is not a parameter of this API; use partition, top, continuationToken, since',
      ],
    ];
    for (const [path, parameter, detail] of cases) {
      assert.deepEqual(
        await handler(get(path, 'good'), context()),
        badRequest(parameter, detail),
        path,
      );
    }
    assert.deepEqual(queries, []);
  });

  it('answers 400 on continuationToken for a token this API did not issue, before the store', async () => {
    const { handler, queries } = setup(onePage);
    assert.deepEqual(
      await handler(get('orders?partition=emea&continuationToken=zzz', 'good'), context()),
      badRequest('continuationToken', '"continuationToken" is not a token this API issued'),
    );
    assert.deepEqual(
      await handler(get(`orders?partition=emea&continuationToken=${TOKEN}`, 'good'), context()),
      badRequest(
        'continuationToken',
        '"continuationToken" was issued for a query with "since"; repeat the same "since"',
      ),
    );
    assert.deepEqual(queries, []);
  });

  it('answers 400 on continuationToken when the store rejects the token', async () => {
    const { handler } = setup(() =>
      Promise.reject(
        new InvalidContinuationTokenError(
          '"continuationToken" is not accepted by the orders table; restart paging without a token',
        ),
      ),
    );
    const since = '2026-05-01T00:00:00Z';
    assert.deepEqual(
      await handler(
        get(`orders?partition=emea&since=${since}&continuationToken=${TOKEN}`, 'good'),
        context(),
      ),
      badRequest(
        'continuationToken',
        '"continuationToken" is not accepted by the orders table; restart paging without a token',
      ),
    );
  });

  it('answers 409 with a code for a delta of a partition without a change index', async () => {
    const { handler, logger } = setup(() => Promise.reject(new ChangeIndexMissingError('emea')));
    assert.deepEqual(
      await handler(get('orders?partition=emea&since=2026-05-01T00:00:00Z', 'good'), context()),
      {
        status: 409,
        headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
        body: JSON.stringify({
          type: 'about:blank',
          status: 409,
          title: 'Change index missing',
          detail:
            'Partition "emea" has no change index yet, so a delta ("since") cannot be served; build it once with "npm run seed -- --reindex", or read the partition in full (without "since").',
          code: 'DELTA_INDEX_MISSING',
        }),
      },
    );
    assert.deepEqual(logger.entries, []);
  });

  it('answers 503 with Retry-After for a transient store failure, without its details', async () => {
    const { handler, logger } = setup(() =>
      Promise.reject(
        new OrdersStoreError(
          'Table "orders": could not read partition "emea": ECONNREFUSED (no HTTP response)',
          { transient: true },
        ),
      ),
    );
    assert.deepEqual(await handler(get('orders?partition=emea', 'good'), context()), {
      status: 503,
      headers: {
        'Content-Type': 'application/problem+json',
        'Cache-Control': 'no-store',
        'Retry-After': '5',
      },
      body: JSON.stringify({
        type: 'about:blank',
        status: 503,
        title: 'Service unavailable',
        detail: 'The orders store is temporarily unavailable. Retry later.',
      }),
    });
    assert.deepEqual(logger.entries, [
      {
        level: 'warn',
        message: 'Orders store unavailable',
        properties: {
          invocationId: 'inv-1',
          code: 'ERR_ORDERS_STORE',
          reason:
            'Table "orders": could not read partition "emea": ECONNREFUSED (no HTTP response)',
        },
      },
    ]);
  });

  it('answers 500 for any other failure, logging it', async () => {
    const { handler, logger } = setup(() => Promise.reject(new Error('boom')));
    assert.deepEqual(await handler(get('orders?partition=emea', 'good'), context()), {
      status: 500,
      headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
      body: JSON.stringify({
        type: 'about:blank',
        status: 500,
        title: 'Internal server error',
        detail: 'The request could not be completed.',
      }),
    });
    assert.deepEqual(logger.entries, [
      {
        level: 'error',
        message: 'Request failed',
        properties: { invocationId: 'inv-1', code: 'ERR_UNEXPECTED', reason: 'Error: boom' },
      },
    ]);
  });
});
