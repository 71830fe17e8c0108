import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';

import { AccessTokenLease } from '../../../client-app/tokens/AccessTokenLease.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const lease = new AccessTokenLease(TOKEN, {
  expiresOn: Date.UTC(2026, 0, 1, 1),
  refreshAt: Date.UTC(2026, 0, 1, 0, 55),
  fromCache: false,
});

describe('AccessTokenLease', () => {
  it('gives the token only through bearerHeader', () => {
    assert.equal(lease.bearerHeader(), `Bearer ${TOKEN}`);
  });

  it('redacts the token in JSON, inspect and string conversion', () => {
    const fingerprint = lease.fingerprint;
    assert.match(fingerprint, /^[0-9a-f]{12}$/);
    assert.deepEqual(JSON.parse(JSON.stringify({ lease })), {
      lease: {
        token: '[redacted]',
        fingerprint,
        expiresOn: '2026-01-01T01:00:00.000Z',
        fromCache: false,
      },
    });
    assert.equal(String(lease), `[AccessTokenLease ${fingerprint}]`);
    assert.equal(
      inspect(lease),
      `AccessTokenLease {"token":"[redacted]","fingerprint":"${fingerprint}","expiresOn":"2026-01-01T01:00:00.000Z","fromCache":false}`,
    );
    assert.equal(
      inspect({ nested: [lease] }, { showHidden: true, depth: 9 }).includes(TOKEN),
      false,
    );
  });
});
