import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bindingDataOf } from '../../../../local/host/bindings/bindingDataOf.js';

describe('bindingDataOf', () => {
  it("takes an activity's input properties, and none from a non-object input", () => {
    assert.deepEqual(
      bindingDataOf('activityTrigger', { backupPath: 'a.txt', filePath: '/x/a.txt' }),
      {
        backupPath: 'a.txt',
        filePath: '/x/a.txt',
      },
    );
    assert.deepEqual(bindingDataOf('activityTrigger', 'just text'), {});
  });

  it("takes a queue message's JSON properties and its metadata", () => {
    assert.deepEqual(
      bindingDataOf(
        'queueTrigger',
        { orderId: 'o-1' },
        { dequeueCount: 2, queueTrigger: '{"orderId":"o-1"}' },
      ),
      {
        orderId: 'o-1',
        dequeueCount: 2,
        queueTrigger: '{"orderId":"o-1"}',
      },
    );
  });

  it('takes route parameters, query parameters and JSON body properties of an HTTP request', () => {
    const data = bindingDataOf('httpTrigger', {
      method: 'POST',
      url: 'http://127.0.0.1:7071/api/copy/a.txt?page=2',
      headers: { 'content-type': 'application/json' },
      params: { name: 'a.txt' },
      body: Buffer.from(JSON.stringify({ owner: 'ana', name: 'body-loses' })),
    });
    assert.deepEqual(data, {
      owner: 'ana',
      name: 'a.txt',
      page: '2',
      query: { page: '2' },
      headers: { 'content-type': 'application/json' },
    });
  });

  it('gives a blob trigger its metadata (the path captures among it)', () => {
    assert.deepEqual(
      bindingDataOf('blobTrigger', Buffer.from('x'), { name: 'a', blobTrigger: 'uploads/a.txt' }),
      {
        name: 'a',
        blobTrigger: 'uploads/a.txt',
      },
    );
  });
});
