import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseRetryAfter } from '../../../shared/http/parseRetryAfter.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfter('120', NOW), 120_000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
  });

  it('reads an HTTP date as the time left until it, never negative', () => {
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 12:00:30 GMT', NOW), 30_000);
    assert.equal(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', NOW), 0);
  });

  it('gives undefined for a missing, empty or unreadable value', () => {
    assert.equal(parseRetryAfter(undefined, NOW), undefined);
    assert.equal(parseRetryAfter('', NOW), undefined);
    assert.equal(parseRetryAfter('soon', NOW), undefined);
  });
});
