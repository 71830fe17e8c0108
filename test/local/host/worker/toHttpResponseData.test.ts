import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

import type * as AzureFunctions from '@azure/functions';

import { toHttpResponseData } from '../../../../local/host/worker/toHttpResponseData.js';

const { HttpResponse } = createRequire(import.meta.url)(
  '@azure/functions',
) as typeof AzureFunctions;

describe('toHttpResponseData', () => {
  it('converts an HttpResponseInit with JSON, headers and cookies', async () => {
    const data = await toHttpResponseData({
      status: 201,
      jsonBody: { ok: true },
      headers: { 'x-a': '1' },
      cookies: [
        { name: 'a', value: '1', path: '/', secure: true, maxAge: 60 },
        {
          name: 'b',
          value: '2',
          domain: 'example.test',
          expires: new Date(Date.UTC(2030, 0, 1)),
          sameSite: 'Strict',
        },
      ],
    });
    assert.equal(data.status, 201);
    assert.deepEqual(data.headers, [
      ['content-type', 'application/json'],
      ['x-a', '1'],
      ['set-cookie', 'a=1; Path=/; Max-Age=60; Secure'],
      [
        'set-cookie',
        'b=2; Domain=example.test; Expires=Tue, 01 Jan 2030 00:00:00 GMT; SameSite=Strict',
      ],
    ]);
    assert.equal(Buffer.from(data.body ?? []).toString(), '{"ok":true}');
  });

  it('passes an HttpResponse through, binary bodies included', async () => {
    const data = await toHttpResponseData(
      new HttpResponse({ status: 200, body: new Uint8Array([1, 2, 3]) }),
    );
    assert.deepEqual([...(data.body ?? [])], [1, 2, 3]);
  });

  it('keeps a response without a body bodiless', async () => {
    const data = await toHttpResponseData({ status: 304, headers: { etag: '"v1"' } });
    assert.deepEqual(data, { status: 304, headers: [['etag', '"v1"']], body: null });
  });

  it('answers 204 for no result and rejects a non-object like the library', async () => {
    assert.deepEqual(await toHttpResponseData(undefined), { status: 204, headers: [], body: null });
    await assert.rejects(toHttpResponseData('text'), {
      name: 'TypeError',
      message:
        'The HTTP response must be an object with optional properties "body", "status", "headers", and "cookies".',
    });
  });
});
