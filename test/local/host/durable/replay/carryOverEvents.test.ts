import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ActionType } from '../../../../../local/host/durable/replay/actions.js';
import { carryOverEvents } from '../../../../../local/host/durable/replay/carryOverEvents.js';
import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';

const raised = (name: string, input: string) => ({
  ...historyEvent(EventType.EventRaised, 0, { Name: name, Input: input }),
  IsPlayed: true,
});
const wait = (name: string) => ({
  actionType: ActionType.WaitForExternalEvent,
  externalEventName: name,
});

describe('carryOverEvents', () => {
  it('carries the events no wait consumed, per name and in arrival order', () => {
    const history = [
      raised('add', '1'),
      raised('add', '2'),
      raised('stop', 'null'),
      raised('add', '3'),
    ];
    assert.deepEqual(carryOverEvents([wait('add')], history), [
      { ...raised('add', '2'), IsPlayed: false },
      { ...raised('stop', 'null'), IsPlayed: false },
      { ...raised('add', '3'), IsPlayed: false },
    ]);
    assert.deepEqual(
      carryOverEvents([wait('add'), wait('add'), wait('add'), wait('stop')], history),
      [],
    );
  });
});
