import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  decodeMessage,
  encodeMessage,
  toQueueMessages,
} from '../../../../local/host/bindings/queueValues.js';

describe('toQueueMessages', () => {
  it('sends one message per array item, strings as they are and the rest as JSON', () => {
    assert.deepEqual(toQueueMessages(['a', { n: 1 }, 2]), ['a', '{"n":1}', '2']);
    assert.deepEqual(toQueueMessages({ orderId: 'o-1' }), ['{"orderId":"o-1"}']);
    assert.deepEqual(toQueueMessages(Buffer.from('bytes')), ['bytes']);
  });
});

describe('encodeMessage / decodeMessage', () => {
  it('stores base64 by default, as the host does, and plain text with encoding none', () => {
    assert.equal(encodeMessage('héllo', 'base64'), Buffer.from('héllo').toString('base64'));
    assert.equal(decodeMessage(encodeMessage('héllo', 'base64'), 'base64'), 'héllo');
    assert.equal(encodeMessage('plain', 'none'), 'plain');
    assert.equal(decodeMessage('plain', 'none'), 'plain');
  });
});
