import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { healthHandler } from '../../../server-app/http/healthHandler.js';

describe('healthHandler', () => {
  it('answers ok with nothing else, uncacheable', async () => {
    assert.deepEqual(await healthHandler(), {
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
      body: '{"status":"ok"}',
    });
  });
});
