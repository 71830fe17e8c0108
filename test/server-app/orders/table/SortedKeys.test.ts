import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SortedKeys } from '../../../../server-app/orders/table/SortedKeys.js';
import { seededRandom } from '../../../../server-app/orders/seededRandom.js';

describe('SortedKeys', () => {
  it('keeps keys sorted and unique across block splits, inserts and deletes anywhere', () => {
    const random = seededRandom('sorted-keys');
    const keys = new SortedKeys();
    const expected = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const key = `k${Math.floor(random() * 4000)}`;
      if (random() < 0.2) {
        keys.delete(key);
        expected.delete(key);
      } else {
        keys.insert(key);
        expected.add(key);
      }
    }
    const sorted = [...expected].sort();
    assert.deepEqual([...keys.from('')], sorted);
    assert.deepEqual(
      [...keys.from('k2')],
      sorted.filter((k) => k >= 'k2'),
    );
    assert.deepEqual([...keys.from('z')], []);
  });

  it('yields nothing when empty', () => {
    assert.deepEqual([...new SortedKeys().from('')], []);
  });
});
