import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { tokenResource } from '../../../../../local/host/durable/httpActivity/managedIdentityToken.js';
import {
  HttpActivityError,
  runHttpActivity,
  type HttpActivityDeps,
} from '../../../../../local/host/durable/httpActivity/runHttpActivity.js';
import type { SentResponse } from '../../../../../local/host/durable/httpActivity/sendHttp.js';
import type { DurableHttpRequest } from '../../../../../local/host/durable/replay/durableHttp.js';

// Listener/TaskHttpActivityShim.cs (ConvertToHttpRequestMessage) and ManagedIdentityTokenSource.cs
// of azure-functions-durable-extension.
interface Sent {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

function fakeDeps(response = (): SentResponse => ({ status: 200, headers: [], body: 'ok' })) {
  const sent: Sent[] = [];
  const deps: HttpActivityDeps = {
    send: (request) => {
      sent.push({
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers.map(([n, v]) => [n.toLowerCase(), v])),
        body: request.body,
      });
      return Promise.resolve(response());
    },
    token: (source) => Promise.resolve(`token-for-${source.resource}`),
  };
  return { sent, deps };
}

const input = (request: DurableHttpRequest): string => JSON.stringify([request]);

describe('runHttpActivity', () => {
  it('sends a form body with charset utf-8 and other bodies with their Content-Type as given', async () => {
    const { sent, deps } = fakeDeps();
    await runHttpActivity(
      input({
        method: 'POST',
        uri: 'http://svc/a',
        content: 'a=1',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      deps,
    );
    await runHttpActivity(
      input({
        method: 'PUT',
        uri: 'http://svc/b',
        content: '<x/>',
        headers: { 'Content-Type': 'application/xml' },
      }),
      deps,
    );
    assert.deepEqual(
      sent.map((s) => [s.method, s.headers['content-type'], s.body]),
      [
        ['POST', 'application/x-www-form-urlencoded; charset=utf-8', 'a=1'],
        ['PUT', 'application/xml', '<x/>'],
      ],
    );
  });

  it('refuses multipart content', async () => {
    const { deps } = fakeDeps();
    await assert.rejects(
      runHttpActivity(
        input({
          method: 'POST',
          uri: 'http://svc',
          content: 'x',
          headers: { 'Content-Type': 'multipart/form-data' },
        }),
        deps,
      ),
      (error: unknown) =>
        error instanceof HttpActivityError &&
        error.message === 'Multipart content is not supported with CallHttpAsync.',
    );
  });

  it('adds the token source as a bearer token and sends several values of one header', async () => {
    const { sent, deps } = fakeDeps();
    await runHttpActivity(
      input({
        method: 'GET',
        uri: 'http://svc',
        headers: { Accept: ['a/b', 'c/d'] },
        tokenSource: { kind: 'AzureManagedIdentity', resource: 'api://x' },
      }),
      deps,
    );
    assert.deepEqual(sent[0]?.headers, {
      accept: 'a/b, c/d',
      authorization: 'Bearer token-for-api://x',
    });
  });

  it('answers the status, the non-content headers as the server spelt them, and the body', async () => {
    const { deps } = fakeDeps(() => ({
      status: 404,
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Request-Id', 'r1'],
        ['Set-Cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
      body: '{"a":1}',
    }));
    assert.deepEqual(await runHttpActivity(input({ method: 'GET', uri: 'http://svc' }), deps), {
      statusCode: 404,
      headers: { 'X-Request-Id': 'r1', 'Set-Cookie': ['a=1', 'b=2'] },
      content: '{"a":1}',
    });
  });
});

describe('tokenResource', () => {
  it('asks the managed identity endpoint for the resource without /.default', () => {
    assert.equal(
      tokenResource('https://management.core.windows.net/'),
      'https://management.core.windows.net',
    );
    assert.equal(tokenResource('https://graph.microsoft.com'), 'https://graph.microsoft.com');
    assert.equal(tokenResource('api://x/.default'), 'api://x');
    assert.equal(tokenResource('https://vault.azure.net'), 'https://vault.azure.net');
  });
});
