import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import { createOrdersApiClient } from '../../../client-app/sync/createOrdersApiClient.js';
import { OrdersApiError } from '../../../client-app/sync/OrdersApiError.js';
import type { RetryNotice } from '../../../client-app/sync/progress/RetryNotice.js';
import { sendJson, startStubServer, type StubServer } from '../../support/startStubServer.js';
import { closedPort } from '../../e2e/support/closedPort.js';

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
    [404, 'ORDERS_API_NOT_FOUND', true, 'this is not the Orders API; check ORDERS_API_BASE_URL'],
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
        assert.equal(error.retriedInPlace, false);
        assert.ok(error.message.includes(text), error.message);
        assert.ok(!error.message.includes(SECRET_TOKEN));
        return true;
      });
      assert.equal(server.requests.length, 1);
    });
  }

  it('fails at once, fatally, on a 503 whose code says the server tenant does not exist', async () => {
    server = await startStubServer((_req, res) =>
      sendJson(
        res,
        503,
        { title: 'Service Unavailable', code: 'TENANT_NOT_FOUND' },
        { 'retry-after': '5' },
      ),
    );
    const notices: RetryNotice[] = [];
    await assert.rejects(client({ onRetry: (n) => notices.push(n) }).listPartitions(), (error) => {
      assert.ok(error instanceof OrdersApiError);
      assert.deepEqual(
        [error.code, error.serverCode, error.retryable, error.fatal],
        ['ORDERS_API_TENANT_NOT_FOUND', 'TENANT_NOT_FOUND', false, true],
      );
      assert.equal(
        error.message,
        "listing partitions: the Orders API answered 503 (Service Unavailable), code TENANT_NOT_FOUND: the server app's AZURE_TENANT_ID names a tenant its identity provider does not know; fix the server app's settings",
      );
      return true;
    });
    assert.equal(server.requests.length, 1, 'never retried');
    assert.deepEqual(notices, []);
  });

  for (const serverCode of ['ISSUER_METADATA_UNAVAILABLE', 'ISSUER_KEYS_UNAVAILABLE']) {
    it(`retries a 503 with ${serverCode} and reports the code`, async () => {
      server = await startStubServer((_req, res) =>
        sendJson(res, 503, { title: 'Service Unavailable', code: serverCode }),
      );
      const notices: RetryNotice[] = [];
      await assert.rejects(
        client({ retries: 2, onRetry: (n) => notices.push(n) }).listPartitions(),
        (error) => {
          assert.ok(error instanceof OrdersApiError);
          assert.deepEqual(
            [error.code, error.serverCode, error.retryable, error.fatal],
            ['ORDERS_API_ISSUER_UNAVAILABLE', serverCode, true, false],
          );
          assert.match(error.message, new RegExp(`code ${serverCode}: the server cannot reach`));
          return true;
        },
      );
      assert.equal(server.requests.length, 3);
      assert.deepEqual(
        notices.map((n) => [n.what, n.code, n.attempt]),
        [
          ['listing partitions', 'ORDERS_API_ISSUER_UNAVAILABLE', 1],
          ['listing partitions', 'ORDERS_API_ISSUER_UNAVAILABLE', 2],
        ],
      );
    });
  }

  it('names a refused connection and the URL, retries it, and tells the observer each time', async () => {
    const closed = await closedPort();
    const notices: RetryNotice[] = [];
    server = await startStubServer((_req, res) => sendJson(res, 200, {}));
    const api = client({
      baseUrl: `http://127.0.0.1:${closed}`,
      retries: 2,
      onRetry: (n) => notices.push(n),
    });
    await assert.rejects(api.getOrdersPage({ partition: 'emea', top: 1 }), (error) => {
      assert.ok(error instanceof OrdersApiError);
      assert.deepEqual(
        [error.code, error.retryable, error.fatal],
        ['ORDERS_API_CONNECTION_REFUSED', true, false],
      );
      assert.equal(
        error.message,
        `reading partition emea: connection refused at http://127.0.0.1:${closed}: the server app is not running there; check ORDERS_API_BASE_URL`,
      );
      return true;
    });
    assert.deepEqual(notices, [
      {
        what: 'reading partition emea',
        code: 'ORDERS_API_CONNECTION_REFUSED',
        message: `reading partition emea: connection refused at http://127.0.0.1:${closed}: the server app is not running there; check ORDERS_API_BASE_URL`,
        attempt: 1,
        retryInMs: 1,
      },
      {
        what: 'reading partition emea',
        code: 'ORDERS_API_CONNECTION_REFUSED',
        message: `reading partition emea: connection refused at http://127.0.0.1:${closed}: the server app is not running there; check ORDERS_API_BASE_URL`,
        attempt: 2,
        retryInMs: 2,
      },
    ]);
  });

  it('tells the observer what a retry waits for, Retry-After included', async () => {
    server = await startStubServer((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, { title: 'Too Many Requests' }, { 'retry-after': '3' })
        : sendJson(res, 200, { partitions: [] }),
    );
    const notices: RetryNotice[] = [];
    await client({ onRetry: (n) => notices.push(n) }).listPartitions();
    assert.deepEqual(notices, [
      {
        what: 'listing partitions',
        code: 'ORDERS_API_UNAVAILABLE',
        message: 'listing partitions: the Orders API answered 429 (Too Many Requests)',
        attempt: 1,
        retryInMs: 3_001,
      },
    ]);
  });

  it('gives up when Retry-After exceeds the retry budget', async () => {
    server = await startStubServer((_req, res) =>
      sendJson(res, 503, { title: 'Busy' }, { 'retry-after': '120' }),
    );
    await assert.rejects(
      client({ retryBudgetMs: 5_000 }).getOrdersPage({ partition: 'emea', top: 1 }),
      (error) => {
        assert.ok(error instanceof OrdersApiError);
        assert.match(error.message, /Retry-After 120 s exceeds the retry budget/);
        // Not now, but a later durable attempt may find the server back.
        assert.deepEqual([error.code, error.retryable], ['ORDERS_API_UNAVAILABLE', true]);
        return true;
      },
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
