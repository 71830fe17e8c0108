import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FaultInjector } from '../../../local/identity/FaultInjector.js';

describe('FaultInjector', () => {
  it('serves each rule the given number of times, per endpoint, in order', () => {
    const faults = new FaultInjector();
    faults.add({ endpoint: 'token', fault: { kind: 'status', status: 500 }, times: 2 });
    faults.add({ endpoint: 'token', fault: { kind: 'reset' } });
    faults.add({ endpoint: 'managedIdentity', fault: { kind: 'delay', delayMs: 5 } });
    assert.deepEqual(
      [faults.take('token'), faults.take('token'), faults.take('token'), faults.take('token')],
      [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 500 },
        { kind: 'reset' },
        undefined,
      ],
    );
    assert.deepEqual(faults.take('managedIdentity'), { kind: 'delay', delayMs: 5 });
  });

  it('clears every armed fault and refuses a non-positive count', () => {
    const faults = new FaultInjector();
    faults.add({ endpoint: 'keys', fault: { kind: 'reset' }, times: 3 });
    faults.clear();
    assert.equal(faults.take('keys'), undefined);
    assert.throws(() => faults.add({ endpoint: 'keys', fault: { kind: 'reset' }, times: 0 }), {
      name: 'TypeError',
      message: '"times" must be a positive integer',
    });
  });
});
