import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventType, historyEvent } from '../../../../../local/host/durable/replay/historyEvents.js';
import { partitionEvents } from '../../../../../local/host/durable/replay/partitionEvents.js';

describe('partitionEvents', () => {
  it('splits the events into those the test holds for and the others, each in order', () => {
    const events = [1, 2, 3, 4].map((id) =>
      historyEvent(id % 2 === 0 ? EventType.TimerFired : EventType.TaskCompleted, 0, {}, id),
    );
    assert.deepEqual(
      partitionEvents(events, (e) => e.EventType === EventType.TimerFired),
      [
        [events[1], events[3]],
        [events[0], events[2]],
      ],
    );
  });
});
