import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Mailbox } from '../../../../local/host/durable/Mailbox.js';

describe('Mailbox', () => {
  it('runs posted tasks one after another, even when one fails', async () => {
    const mailbox = new Mailbox();
    const order: string[] = [];
    const slow = mailbox.post(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push('first');
    });
    const failing = mailbox.post(() => {
      order.push('second');
      return Promise.reject(new Error('nope'));
    });
    const third = mailbox.post(() => {
      order.push('third');
      return Promise.resolve(3);
    });
    await slow;
    await assert.rejects(failing, { message: 'nope' });
    assert.equal(await third, 3);
    await mailbox.settled();
    assert.deepEqual(order, ['first', 'second', 'third']);
  });
});
