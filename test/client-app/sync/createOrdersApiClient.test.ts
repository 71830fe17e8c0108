import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { createOrdersApiClient } from '../../../client-app/sync/createOrdersApiClient.js';
import { OrdersApiError } from '../../../client-app/sync/OrdersApiError.js';
import { sendJson, startStubServer, type StubServer } from '../../support/startStubServer.js';

const SECRET_TOKEN = 'eyJ0eXAiOiJKV1QifQ.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl';
const page = (ids: string[], continuationToken: string | null) => ({
  items: ids.map((id) => ({
    id,
    partition: 'emea',
    totalAmount: 1,
    updatedAt: '2026-11-01T00:00:00.000Z',
  })),
  continuationToken,
  ...(continuationToken === null ? { watermark: '2026-12-01T00:00:00.000Z' } : {}),
});

describe('createOrdersApiClient', () => {
  let server: StubServer | undefined;
  const sleeps: number[] = [];
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    sleeps.length = 0;
  });

  function client(overrides: Partial<Parameters<typeof createOrdersApiClient>[0]> = {}) {
    assert.ok(server);
    return createOrdersApiClient({
      baseUrl: server.url,
      getAuthorization: () => Promise.resolve(`Bearer ${SECRET_TOKEN}`),
      requestTimeoutMs: 2_000,
      retryBudgetMs: 30_000,
      minRetryDelayMs: 1,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      ...overrides,
    });
  }

  it('sends the bearer token and the query, and returns the page', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 200, page(['a', 'b'], 'next')));
    const result = await client().getOrdersPage({
      partition: 'emea',
      top: 2,
      since: '2026-01-01T00:00:00Z',
      continuationToken: 'abc',
    });
    assert.deepEqual(result, page(['a', 'b'], 'next'));
    assert.equal(server.requests.length, 1);
    assert.equal(
      server.requests[0]?.url,
      '/api/orders?partition=emea&top=2&since=2026-01-01T00%3A00%3A00Z&continuationToken=abc',
    );
    assert.equal(server.requests[0]?.headers.authorization, `Bearer ${SECRET_TOKEN}`);
  });

  it('retries 503 and 429, waiting the Retry-After the server asked for', async () => {
    server = await startStubServer((_req, res, i) => {
      if (i === 0) return sendJson(res, 503, { title: 'Service Unavailable' });
      if (i === 1)
        return sendJson(res, 429, { title: 'Too Many Requests' }, { 'retry-after': '2' });
      return sendJson(res, 200, page(['a'], null));
    });
    const result = await client().getOrdersPage({ partition: 'emea', top: 10 });
    assert.deepEqual(
      result.items.map((o) => o.id),
      ['a'],
    );
    assert.equal(server.requests.length, 3);
    assert.deepEqual(sleeps, [2_000]);
  });

  it('retries a timeout and a reset connection', async () => {
    server = await startStubServer((req, res, i) => {
      if (i === 0) return; // never answers: the request timeout fires
      if (i === 1) {
        req.socket.destroy();
        return;
      }
      sendJson(res, 200, page(['a'], null));
    });
    const result = await client({ requestTimeoutMs: 200 }).getOrdersPage({
      partition: 'emea',
      top: 1,
    });
    assert.equal(result.items.length, 1);
    assert.equal(server.requests.length, 3);
  });

  for (const [status, code, fatal, text] of [
    [401, 'ORDERS_API_UNAUTHORIZED', true, 'check that ORDERS_API_SCOPE'],
    [403, 'ORDERS_API_FORBIDDEN', false, 'no Orders.Read assignment'],
    [400, 'ORDERS_API_REJECTED', false, 'answered 400 (Bad Request; parameter top)'],
  ] as const) {
    it(`fails at once on ${status} with ${code}`, async () => {
      server = await startStubServer((_req, res) =>
        res
          .writeHead(status, { 'content-type': 'application/problem+json' })
          .end(
            JSON.stringify({ title: status === 400 ? 'Bad Request' : 'Denied', parameter: 'top' }),
          ),
      );
      await assert.rejects(client().getOrdersPage({ partition: 'emea', top: 1 }), (error) => {
        assert.ok(error instanceof OrdersApiError);
        assert.equal(error.code, code);
        assert.equal(error.status, status);
        assert.equal(error.fatal, fatal);
        assert.equal(error.retryable, false);
        assert.ok(error.message.includes(text), error.message);
        assert.ok(!error.message.includes(SECRET_TOKEN));
        return true;
      });
      assert.equal(server.requests.length, 1);
    });
  }

  it('gives up when Retry-After exceeds the retry budget', async () => {
    server = await startStubServer((_req, res) =>
      sendJson(res, 503, { title: 'Busy' }, { 'retry-after': '120' }),
    );
    await assert.rejects(
      client({ retryBudgetMs: 5_000 }).getOrdersPage({ partition: 'emea', top: 1 }),
      /Retry-After 120 s exceeds the retry budget/,
    );
    assert.equal(server.requests.length, 1);
  });

  it('stops retrying a persistent 500 after the configured retries', async () => {
    server = await startStubServer((_req, res) => sendJson(res, 500, { title: 'Boom' }));
    await assert.rejects(
      client({ retries: 3 }).getOrdersPage({ partition: 'emea', top: 1 }),
      (error) => error instanceof OrdersApiError && error.code === 'ORDERS_API_UNAVAILABLE',
    );
    assert.equal(server.requests.length, 4);
  });

  it('rejects a page with the wrong shape, a foreign partition or a misplaced watermark as bad data', async () => {
    const lastWithoutWatermark: Record<string, unknown> = { ...page(['a'], null) };
    delete lastWithoutWatermark.watermark;
    const bodies: [unknown, string][] = [
      [{ items: 'x', continuationToken: null }, 'emea'],
      [page(['a'], null), 'amer'],
      [lastWithoutWatermark, 'emea'],
      [{ ...page(['a'], 'next'), watermark: '2026-12-01T00:00:00.000Z' }, 'emea'],
    ];
    for (const [body, partition] of bodies) {
      server = await startStubServer((_req, res) => sendJson(res, 200, body));
      await assert.rejects(
        client().getOrdersPage({ partition, top: 1 }),
        (error) => error instanceof OrdersApiError && error.code === 'ORDERS_API_BAD_DATA',
      );
      await server.stop();
      server = undefined;
    }
  });

  it('lists partition names', async () => {
    server = await startStubServer((_req, res) =>
      sendJson(res, 200, { partitions: [{ name: 'emea', orders: 3 }, { name: 'apac' }] }),
    );
    assert.deepEqual(await client().listPartitions(), ['emea', 'apac']);
    assert.equal(server.requests[0]?.url, '/api/orders/partitions');
  });
});
