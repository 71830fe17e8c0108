import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createdTimer } from '../../../../../local/host/durable/replay/createdTimer.js';
import { EventType } from '../../../../../local/host/durable/replay/historyEvents.js';

describe('createdTimer', () => {
  it('returns the TimerCreated event stamped now and the work that fires it', () => {
    const now = Date.UTC(2026, 0, 1);
    const fireAt = now + 30_000;
    assert.deepEqual(createdTimer(7, fireAt, now), {
      event: {
        EventType: EventType.TimerCreated,
        EventId: 7,
        IsPlayed: false,
        Timestamp: '2026-01-01T00:00:00.000Z',
        FireAt: '2026-01-01T00:00:30.000Z',
      },
      work: { kind: 'timer', timerId: 7, fireAt },
    });
  });
});
