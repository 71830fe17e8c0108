import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { jsonResponse } from '../../../server-app/http/jsonResponse.js';

describe('jsonResponse', () => {
  it('serialises the body with a JSON content type and no-store', () => {
    assert.deepEqual(jsonResponse({ a: [1, null] }, 202), {
      status: 202,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      body: '{"a":[1,null]}',
    });
  });
});
