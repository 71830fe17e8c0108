import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

import type * as AzureFunctions from '@azure/functions';

import { toWebResponse } from '../../../../local/host/worker/toWebResponse.js';

const { HttpResponse } = createRequire(import.meta.url)(
  '@azure/functions',
) as typeof AzureFunctions;

describe('toWebResponse', () => {
  it('converts an HttpResponseInit with JSON, headers and cookies', async () => {
    const response = toWebResponse({
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
    assert.equal(response.status, 201);
    assert.deepEqual(
      Object.fromEntries([...response.headers].filter(([n]) => n !== 'set-cookie')),
      {
        'content-type': 'application/json',
        'x-a': '1',
      },
    );
    assert.deepEqual(response.headers.getSetCookie(), [
      'a=1; Path=/; Max-Age=60; Secure',
      'b=2; Domain=example.test; Expires=Tue, 01 Jan 2030 00:00:00 GMT; SameSite=Strict',
    ]);
    assert.equal(await response.text(), '{"ok":true}');
  });

  it('passes an HttpResponse through, binary bodies included', async () => {
    const response = toWebResponse(
      new HttpResponse({ status: 200, body: new Uint8Array([1, 2, 3]) }),
    );
    assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [1, 2, 3]);
  });

  it('answers 204 for no result and rejects a non-object like the library', () => {
    assert.equal(toWebResponse(undefined).status, 204);
    assert.throws(() => toWebResponse('text'), {
      name: 'TypeError',
      message:
        'The HTTP response must be an object with optional properties "body", "status", "headers", and "cookies".',
    });
  });
});
