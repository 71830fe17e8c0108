import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isPartitionName } from '../../../server-app/orders/Order.js';

describe('isPartitionName', () => {
  it('accepts dash-separated lower-case words of 2 to 32 characters', () => {
    for (const name of ['emea', 'amer-east', 'apac-north-2', 'eu', 'a'.repeat(32)]) {
      assert.equal(isPartitionName(name), true, name);
    }
  });

  it('refuses anything that could be a reserved, odd or injected key', () => {
    for (const name of [
      '',
      'e',
      'Emea',
      '2emea',
      'emea-',
      '-emea',
      'em--ea',
      'em_ea',
      '~partitions',
      'a'.repeat(33),
      "x' or 1",
    ]) {
      assert.equal(isPartitionName(name), false, name);
    }
  });
});
