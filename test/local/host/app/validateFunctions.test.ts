import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { validateFunctions } from '../../../../local/host/app/validateFunctions.js';
import type { BindingMetadata, RegisteredFunction } from '../../../../local/host/contracts.js';

const fn = (name: string, bindings: Record<string, BindingMetadata>): RegisteredFunction => ({
  name,
  bindings,
  handler: () => undefined,
});

describe('validateFunctions', () => {
  it('accepts HTTP, timer, orchestration, activity and durable client bindings', () => {
    validateFunctions([
      fn('api', {
        t: { type: 'httpTrigger', direction: 'in' },
        c: { type: 'durableClient', direction: 'in' },
        $return: { type: 'http', direction: 'out' },
      }),
      fn('tick', { t: { type: 'timerTrigger', direction: 'in' } }),
      fn('orch', { t: { type: 'orchestrationTrigger', direction: 'in' } }),
      fn('act', { t: { type: 'activityTrigger', direction: 'in' } }),
    ]);
  });

  it('names every unsupported binding with its function in one message', () => {
    assert.throws(
      () =>
        validateFunctions([
          fn('upload', {
            t: { type: 'httpTrigger', direction: 'in' },
            blob: { type: 'blob', direction: 'out' },
          }),
          fn('worker', { q: { type: 'queueTrigger', direction: 'in' } }),
        ]),
      {
        code: 'ERR_HOST_UNSUPPORTED_BINDING',
        message:
          'Unsupported by the local host: function "upload" binding "blob" (type blob, direction out); function "worker" binding "q" (type queueTrigger, direction in). Supported: httpTrigger (with http output), timerTrigger, orchestrationTrigger, activityTrigger, durableClient input.',
      },
    );
  });

  it('reports durable entities as not supported yet', () => {
    assert.throws(
      () => validateFunctions([fn('counter', { t: { type: 'entityTrigger', direction: 'in' } })]),
      {
        code: 'ERR_HOST_ENTITIES_UNSUPPORTED',
        message:
          'Durable entities are not supported yet by the local host: "counter" use(s) entityTrigger.',
      },
    );
  });
});
