import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readDurableStorage } from '../../../local/host/readDurableStorage.js';

describe('readDurableStorage', () => {
  it('expands UseDevelopmentStorage=true to Azurite on its default ports', () => {
    const storage = readDurableStorage({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    assert.equal(storage.kind, 'connectionString');
    assert.match(
      storage.kind === 'connectionString' ? storage.connectionString : '',
      /^DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=[^;]+;BlobEndpoint=http:\/\/127\.0\.0\.1:10000\/devstoreaccount1;QueueEndpoint=http:\/\/127\.0\.0\.1:10001\/devstoreaccount1;TableEndpoint=http:\/\/127\.0\.0\.1:10002\/devstoreaccount1;$/,
    );
  });

  it('passes other connection strings through and requires the setting', () => {
    assert.deepEqual(readDurableStorage({ AzureWebJobsStorage: 'AccountName=a;AccountKey=b' }), {
      kind: 'connectionString',
      connectionString: 'AccountName=a;AccountKey=b',
    });
    assert.throws(() => readDurableStorage({}), { code: 'ERR_HOST_MISSING_SETTING' });
  });
});
