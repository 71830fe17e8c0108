import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { partitionKey, tableNames } from '../../../../../local/host/durable/store/tableNames.js';

describe('tableNames', () => {
  it('derives table and container names from the hub name', () => {
    assert.deepEqual(tableNames('OrdersHub'), {
      instances: 'OrdersHubInstances',
      history: 'OrdersHubHistory',
      largeMessages: 'ordershub-largemessages',
    });
    assert.deepEqual(tableNames('1-hub'), {
      instances: 'Hub1hubInstances',
      history: 'Hub1hubHistory',
      largeMessages: 'hub1hub-largemessages',
    });
  });
});

describe('partitionKey', () => {
  it('encodes characters table keys forbid', () => {
    assert.equal(partitionKey('a/b\\c#d?e:1'), 'a%2Fb%5Cc%23d%3Fe%3A1');
  });
});
