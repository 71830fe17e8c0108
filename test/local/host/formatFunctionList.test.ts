import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RegisteredFunction } from '../../../local/host/contracts.js';
import { formatFunctionList } from '../../../local/host/formatFunctionList.js';

const fn = (name: string, type: string): RegisteredFunction => ({
  name,
  bindings: { t: { type, direction: 'in' } },
  handler: () => undefined,
});

describe('formatFunctionList', () => {
  it('lists HTTP functions with methods and URL and others with their trigger, by name', () => {
    assert.equal(
      formatFunctionList(
        [fn('tick', 'timerTrigger'), fn('orders', 'httpTrigger'), fn('any', 'httpTrigger')],
        [
          { functionName: 'orders', path: '/api/orders/{id}', methods: ['GET'] },
          { functionName: 'any', path: '/api/any', methods: [] },
        ],
        'http://127.0.0.1:7071',
      ),
      'Functions:\n\n\tany: [ALL] http://127.0.0.1:7071/api/any\n\n\torders: [GET] http://127.0.0.1:7071/api/orders/{id}\n\n\ttick: timerTrigger',
    );
  });
});
