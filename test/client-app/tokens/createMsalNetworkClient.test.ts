import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { createMsalNetworkClient } from '../../../client-app/tokens/createMsalNetworkClient.js';
import type { RetryNotice } from '../../../client-app/sync/progress/RetryNotice.js';
import { closedPort } from '../../e2e/support/closedPort.js';
import { captureLogger } from './captureLogger.js';

type Reply = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

describe('createMsalNetworkClient', () => {
  let server: Server;
  let url: string;
  let replies: Reply[] = [];
  let seen: { method?: string; body: string; header?: string }[] = [];
  const retry = { retries: 2, minDelayMs: 5, maxDelayMs: 10, maxRetryAfterMs: 1_000 };

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, body, header: req.headers['x-test'] as string });
        const reply = replies.shift();
        if (reply) reply(req, res, body);
        // No reply scripted: never answer (a hung server).
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tenant/oauth2/v2.0/token`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const reset = (...next: Reply[]) => {
    replies = next;
    seen = [];
  };

  it('forwards method, headers and body and returns status, lower-case headers and JSON', async () => {
    reset(json(200, { access_token: 'x' }, { 'X-Reply': 'yes' }));
    const client = createMsalNetworkClient({ logger: captureLogger(), retry });
    const response = await client.sendPostRequestAsync(url, {
      headers: { 'x-test': 'h' },
      body: 'grant_type=client_credentials',
    });
    assert.deepEqual(
      [response.status, response.body, response.headers['x-reply']],
      [200, { access_token: 'x' }, 'yes'],
    );
    assert.deepEqual(seen, [
      { method: 'POST', body: 'grant_type=client_credentials', header: 'h' },
    ]);
  });

  it('retries 5xx and 429 (honouring Retry-After) and logs each failed attempt without the body', async () => {
    reset(json(503, {}), json(429, {}, { 'retry-after': '0' }), json(200, { ok: true }));
    const logger = captureLogger();
    const client = createMsalNetworkClient({ logger, retry });
    const response = await client.sendPostRequestAsync(url, { body: 'client_secret=s3cret' });
    assert.deepEqual([response.status, seen.length], [200, 3]);
    assert.deepEqual(
      logger.lines.map((line) => line.replace(/"retriesLeft":\d+,/, '')),
      [
        `warn identity request failed {"request":"POST ${url}","attempt":1,"status":503}`,
        `warn identity request failed {"request":"POST ${url}","attempt":2,"status":429}`,
      ],
    );
  });

  it('hands MSAL the last transient response once retries are spent', async () => {
    reset(json(500, { error: 'a' }), json(500, { error: 'b' }), json(502, { error: 'c' }));
    const client = createMsalNetworkClient({ logger: captureLogger(), retry });
    const response = await client.sendGetRequestAsync(url);
    assert.deepEqual([response.status, response.body, seen.length], [502, { error: 'c' }, 3]);
  });

  it('does not retry a 4xx, nor wait for a Retry-After longer than allowed', async () => {
    reset(json(400, { error: 'invalid_scope' }));
    const client = createMsalNetworkClient({ logger: captureLogger(), retry });
    assert.equal((await client.sendPostRequestAsync(url, {})).status, 400);
    reset(json(429, {}, { 'retry-after': '3600' }));
    assert.equal((await client.sendPostRequestAsync(url, {})).status, 429);
    assert.equal(seen.length, 1);
  });

  it('bounds every exchange by the attempt timeout, retries, then fails', async () => {
    reset();
    const client = createMsalNetworkClient({
      logger: captureLogger(),
      retry,
      attemptTimeoutMs: 50,
    });
    await assert.rejects(
      client.sendPostRequestAsync(url, {}),
      (error: unknown) =>
        error instanceof Error && ['AbortError', 'TimeoutError'].includes(error.name),
    );
    assert.equal(seen.length, 3);
  });

  it('keeps the last failed answer for the caller, Entra error fields only, until taken', async () => {
    reset(json(400, { error: 'invalid_tenant', error_codes: [90002], error_description: 'x' }));
    const client = createMsalNetworkClient({ logger: captureLogger(), retry });
    await client.sendGetRequestAsync(url);
    const fault = client.takeFault();
    assert.deepEqual(fault, {
      kind: 'status',
      status: 400,
      url: url.replace(/\?.*$/, ''),
      error: 'invalid_tenant',
      aadsts: 90002,
    });
    assert.equal(client.takeFault(), undefined, 'taken once');
    reset(json(200, {}));
    await client.sendGetRequestAsync(url);
    assert.equal(client.takeFault(), undefined, 'a success leaves no fault');
  });

  it('names a refused connection, retries it and tells the observer what it waits for', async () => {
    const port = await closedPort();
    const target = `https://127.0.0.1:${port}/t/v2.0/.well-known/openid-configuration`;
    const notices: RetryNotice[] = [];
    const client = createMsalNetworkClient({
      logger: captureLogger(),
      retry,
      onRetry: (notice) => notices.push(notice),
    });
    await assert.rejects(client.sendGetRequestAsync(target));
    assert.deepEqual(client.takeFault(), { kind: 'network', failure: 'refused', url: target });
    assert.deepEqual(
      notices.map((n) => [n.what, n.code, n.message, n.attempt, n.retryInMs]),
      [
        [
          'getting a token',
          'ERR_TOKEN_AUTHORITY_UNREACHABLE',
          `connection refused at ${target}`,
          1,
          5,
        ],
        [
          'getting a token',
          'ERR_TOKEN_AUTHORITY_UNREACHABLE',
          `connection refused at ${target}`,
          2,
          10,
        ],
      ],
    );
  });
});
