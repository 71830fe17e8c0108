import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { sendHttp } from '../../../../../local/host/durable/httpActivity/sendHttp.js';

// Redirects as .NET's HttpClient follows them by default (the extension's TaskHttpActivityShim
// sends through one), header names kept as the server wrote them.
describe('sendHttp', () => {
  let server: http.Server;
  let origin: string;

  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/found' || req.url === '/temporary') {
          res.writeHead(req.url === '/found' ? 302 : 307, { Location: '/target' });
          res.end();
          return;
        }
        res.writeHead(200, { 'X-Mixed-Case': 'yes' });
        res.end(
          JSON.stringify({
            method: req.method,
            auth: req.headers.authorization ?? null,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (path: string) =>
    sendHttp({
      method: 'POST',
      url: `${origin}${path}`,
      headers: [
        ['Authorization', 'Bearer t'],
        ['Content-Type', 'text/plain'],
      ],
      body: 'hi',
    });

  it('keeps the header names as sent', async () => {
    const response = await post('/target');
    assert.ok(response.headers.some(([name, value]) => name === 'X-Mixed-Case' && value === 'yes'));
    assert.deepEqual(JSON.parse(response.body), { method: 'POST', auth: 'Bearer t', body: 'hi' });
  });

  it('turns a POST redirected by 302 into a GET without body or Authorization', async () => {
    const response = await post('/found');
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), { method: 'GET', auth: null, body: '' });
  });

  it('repeats the method and body after a 307', async () => {
    const response = await post('/temporary');
    assert.deepEqual(JSON.parse(response.body), { method: 'POST', auth: null, body: 'hi' });
  });
});
