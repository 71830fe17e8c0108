import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ValidatedTokenCache } from '../../../server-app/auth/ValidatedTokenCache.js';

describe('ValidatedTokenCache', () => {
  it('returns a value until just before its expiry, then forgets it', () => {
    const cache = new ValidatedTokenCache<string>(10);
    cache.set('h1', 'caller', 1_000);
    assert.equal(cache.get('h1', 999), 'caller');
    assert.equal(cache.get('h1', 1_000), undefined);
    assert.equal(cache.size, 0);
    assert.equal(cache.get('h1', 0), undefined);
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new ValidatedTokenCache<string>(2);
    cache.set('a', 'A', 10);
    cache.set('b', 'B', 10);
    assert.equal(cache.get('a', 0), 'A');
    cache.set('c', 'C', 10);
    assert.deepEqual(
      ['a', 'b', 'c'].map((key) => cache.get(key, 0)),
      ['A', undefined, 'C'],
    );
    assert.equal(cache.size, 2);
  });

  it('replaces an entry stored again', () => {
    const cache = new ValidatedTokenCache<string>(2);
    cache.set('a', 'old', 10);
    cache.set('a', 'new', 20);
    assert.equal(cache.get('a', 15), 'new');
    assert.equal(cache.size, 1);
  });

  it('stores nothing when its size is 0', () => {
    const cache = new ValidatedTokenCache<string>(0);
    cache.set('a', 'A', 10);
    assert.equal(cache.get('a', 0), undefined);
    assert.equal(cache.size, 0);
  });
});
