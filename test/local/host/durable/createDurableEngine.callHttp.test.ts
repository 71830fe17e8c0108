import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import df, { type OrchestrationContext } from 'durable-functions';

import type { RunningIdentityProvider } from '../../../../local/identity/startIdentityProvider.js';
import { API, SYSTEM_MI } from '../../../support/localTenant.js';
import { startTestIdentityProvider } from '../../../support/startTestIdentityProvider.js';
import { registerApp, startHarness, type Harness } from './support/durableHarness.js';

/** The result of `callHttp` (durable-functions does not export its type). */
interface DurableHttpResponse {
  readonly statusCode: number;
  readonly content?: string;
  readonly headers?: Record<string, string>;
}

interface CallInput {
  readonly url: string;
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly resource?: string;
  readonly enablePolling?: boolean;
}

const registry = registerApp(() => {
  df.app.orchestration('callsHttp', function* (context: OrchestrationContext) {
    const input = context.df.getInput<CallInput>();
    const startedAt = context.df.currentUtcDateTime.getTime();
    try {
      const response = (yield context.df.callHttp({
        method: input.method ?? 'GET',
        url: input.url,
        ...(input.body === undefined ? {} : { body: input.body as string }),
        ...(input.headers ? { headers: input.headers } : {}),
        ...(input.resource
          ? { tokenSource: new df.ManagedIdentityTokenSource(input.resource) }
          : {}),
        ...(input.enablePolling === undefined ? {} : { enablePolling: input.enablePolling }),
      })) as DurableHttpResponse;
      return {
        statusCode: response.statusCode,
        content: response.content,
        headers: response.headers,
        elapsedMs: context.df.currentUtcDateTime.getTime() - startedAt,
      };
    } catch (error) {
      return { failed: (error as Error).message };
    }
  });
});

/** The service the orchestrations call: plain answers, a 202 status endpoint, token claims. */
function startService(): Promise<{ url: string; polls: () => number; close(): Promise<void> }> {
  let polls = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (req.url === '/plain') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Custom': 'a' });
        res.end('{"hello":"world"}');
      } else if (req.url === '/echo') {
        res.writeHead(201);
        res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body }));
      } else if (req.url === '/start') {
        res.writeHead(202, { Location: '/status', 'Retry-After': '10' });
        res.end();
      } else if (req.url === '/status') {
        polls++;
        const auth = req.headers['x-functions-key'] ?? 'none';
        if (polls < 3) res.writeHead(202, { Location: '/status', 'Retry-After': '10' });
        else res.writeHead(200);
        res.end(polls < 3 ? '' : `done after ${polls} polls, key ${String(auth)}`);
      } else if (req.url === '/whoami') {
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        const claims = JSON.parse(
          Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}',
        ) as { aud?: string; appid?: string };
        res.writeHead(200);
        res.end(JSON.stringify({ aud: claims.aud, appid: claims.appid }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        polls: () => polls,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

// The behaviour of azure-functions-durable-extension's durable HTTP:
// DurableOrchestrationContext.CallHttpAsync (the 202 polling loop and CreateLocationPollRequest),
// Listener/TaskHttpActivityShim.cs (the request sent, the DurableHttpResponse returned) and
// ManagedIdentityTokenSource.cs (the bearer token).
describe('createDurableEngine (durable HTTP: context.df.callHttp)', () => {
  let harness: Harness;
  let service: Awaited<ReturnType<typeof startService>>;
  let idp: RunningIdentityProvider;

  before(async () => {
    idp = await startTestIdentityProvider('callhttp-idp-');
    service = await startService();
    harness = await startHarness(registry, {
      settings: { IDENTITY_ENDPOINT: idp.identityEndpoint, IDENTITY_HEADER: idp.identityHeader },
    });
  });
  after(async () => {
    await harness.close();
    await service.close();
    await idp.stop();
  });

  const run = async (input: CallInput): Promise<Record<string, unknown>> => {
    const id = await harness.client.startNew('callsHttp', { input });
    const record = await harness.engine.waitForCompletion(id);
    assert.equal(record.runtimeStatus, 'Completed');
    return JSON.parse(record.output ?? 'null') as Record<string, unknown>;
  };

  it('returns the status, content and response headers as spelt (content headers are not among them)', async () => {
    const output = await run({ url: `${service.url}/plain` });
    assert.equal(output['statusCode'], 200);
    assert.equal(output['content'], '{"hello":"world"}');
    const headers = output['headers'] as Record<string, string>;
    assert.equal(headers['X-Custom'], 'a');
    assert.equal(headers['Content-Type'], undefined);
  });

  it('sends the body typed by its Content-Type header, text/plain by default', async () => {
    const typed = await run({
      url: `${service.url}/echo`,
      method: 'POST',
      body: '{"n":1}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(typed['statusCode'], 201);
    assert.deepEqual(JSON.parse(String(typed['content'])), {
      method: 'POST',
      type: 'application/json',
      body: '{"n":1}',
    });
    const plain = await run({ url: `${service.url}/echo`, method: 'POST', body: 'hi' });
    assert.equal((JSON.parse(String(plain['content'])) as { type: string }).type, 'text/plain');
  });

  it('polls a 202 Location after Retry-After seconds until it answers otherwise, without x-functions-key', async () => {
    const output = await run({
      url: `${service.url}/start`,
      method: 'POST',
      headers: { 'x-functions-key': 'k' },
    });
    assert.equal(output['statusCode'], 200);
    assert.equal(output['content'], 'done after 3 polls, key none');
    assert.equal(service.polls(), 3);
    // Three 10-second waits on the engine's clock: one after the start, two after 202 polls.
    assert.equal(output['elapsedMs'], 30_000);
  });

  it('returns the 202 itself when polling is off', async () => {
    const output = await run({ url: `${service.url}/start`, method: 'POST', enablePolling: false });
    assert.equal(output['statusCode'], 202);
  });

  it('adds a bearer token from the managed identity endpoint for a ManagedIdentityTokenSource', async () => {
    const output = await run({ url: `${service.url}/whoami`, resource: `api://${API}` });
    assert.deepEqual(JSON.parse(String(output['content'])), {
      aud: `api://${API}`,
      appid: SYSTEM_MI,
    });
  });

  it('fails the task when no answer comes, and the orchestrator can catch it', async () => {
    const closed = await startService();
    await closed.close();
    const output = await run({ url: `${closed.url}/plain` });
    assert.match(String(output['failed']), /ECONNREFUSED/);
  });
});
