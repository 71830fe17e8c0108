import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { writeHttpResponseData } from '../../../../local/host/http/writeHttpResponseData.js';
import type { HttpResponseData } from '../../../../local/host/worker/workerMessages.js';

/** What the raw HTTP exchange carried, as a client sees it. */
interface Received {
  readonly status: number | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

describe('writeHttpResponseData', () => {
  let answer: HttpResponseData;
  let server: Server;
  let port: number;

  before(async () => {
    server = createServer((request, response) =>
      writeHttpResponseData(answer, response, request.method ?? 'GET'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // node:http rather than fetch: it shows every Set-Cookie and whether bytes followed a HEAD.
  const send = (method: string): Promise<Received> =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ port, method, path: '/', agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  it('writes status, headers, each cookie apart, and the body bytes', async () => {
    answer = {
      status: 201,
      headers: [
        ['content-type', 'application/octet-stream'],
        ['set-cookie', 'a=1; Path=/'],
        ['x-tag', 'one'],
        ['set-cookie', 'b=2; HttpOnly'],
      ],
      body: new Uint8Array([0, 255, 7]),
    };
    const received = await send('GET');
    assert.equal(received.status, 201);
    assert.equal(received.headers['content-type'], 'application/octet-stream');
    assert.equal(received.headers['x-tag'], 'one');
    assert.deepEqual(received.headers['set-cookie'], ['a=1; Path=/', 'b=2; HttpOnly']);
    assert.deepEqual([...received.body], [0, 255, 7]);
  });

  it('sends no body for HEAD, keeping the headers', async () => {
    answer = { status: 200, headers: [['x-tag', 'one']], body: new Uint8Array([1, 2, 3]) };
    const received = await send('HEAD');
    assert.equal(received.status, 200);
    assert.equal(received.headers['x-tag'], 'one');
    assert.equal(received.body.length, 0);
  });

  it('sends no body for a status that cannot have one', async () => {
    answer = { status: 304, headers: [['etag', '"v1"']], body: new Uint8Array([1]) };
    const received = await send('GET');
    assert.equal(received.status, 304);
    assert.equal(received.headers['etag'], '"v1"');
    assert.equal(received.body.length, 0);
  });

  it('answers an empty body when the worker sent none', async () => {
    answer = { status: 202, headers: [], body: null };
    const received = await send('GET');
    assert.equal(received.status, 202);
    assert.equal(received.body.length, 0);
  });
});
