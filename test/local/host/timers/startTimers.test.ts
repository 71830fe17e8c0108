import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { HostInvokeOptions } from '../../../../local/host/invoke/createInvoker.js';
import { parseNcrontab } from '../../../../local/host/timers/parseNcrontab.js';
import { startTimers } from '../../../../local/host/timers/startTimers.js';
import { ManualClock } from '../ManualClock.js';

describe('startTimers', () => {
  it('fires at each occurrence on the clock with schedule status, and stops', async () => {
    const clock = new ManualClock('2026-01-01T00:00:30Z');
    const calls: [string, unknown, string | undefined][] = [];
    let fired: () => void = () => {};
    const invoke = (name: string, input: unknown, options?: HostInvokeOptions) => {
      calls.push([name, input, options?.reason]);
      fired();
      return Promise.resolve(undefined);
    };
    const timers = startTimers(
      [
        {
          functionName: 'everyMinute',
          schedule: parseNcrontab('0 * * * * *', 'UTC', 't'),
          runOnStartup: false,
          useMonitor: true,
        },
      ],
      invoke,
      clock,
    );
    const next = () => new Promise<void>((resolve) => (fired = resolve));

    for (const at of ['2026-01-01T00:01:00Z', '2026-01-01T00:02:00Z']) {
      await clock.sleeping();
      const firing = next();
      clock.advanceTo(at);
      await firing;
    }
    await timers.stop();

    assert.deepEqual(calls, [
      [
        'everyMinute',
        {
          schedule: { adjustForDST: true },
          scheduleStatus: {
            last: '0001-01-01T00:00:00.000Z',
            next: '2026-01-01T00:02:00.000Z',
            lastUpdated: '2026-01-01T00:01:00.000Z',
          },
          isPastDue: false,
        },
        'Timer fired at 2026-01-01T00:01:00.000Z',
      ],
      [
        'everyMinute',
        {
          schedule: { adjustForDST: true },
          scheduleStatus: {
            last: '2026-01-01T00:01:00.000Z',
            next: '2026-01-01T00:03:00.000Z',
            lastUpdated: '2026-01-01T00:02:00.000Z',
          },
          isPastDue: false,
        },
        'Timer fired at 2026-01-01T00:02:00.000Z',
      ],
    ]);
  });
});
