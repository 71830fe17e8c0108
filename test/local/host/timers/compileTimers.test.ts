import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { RegisteredFunction } from '../../../../local/host/contracts.js';
import { compileTimers } from '../../../../local/host/timers/compileTimers.js';

function timer(name: string, binding: Record<string, unknown>): RegisteredFunction {
  return {
    name,
    bindings: { t: { type: 'timerTrigger', direction: 'in', ...binding } },
    handler: () => undefined,
  };
}

const http: RegisteredFunction = {
  name: 'api',
  bindings: { h: { type: 'httpTrigger', direction: 'in' } },
  handler: () => undefined,
};

describe('compileTimers', () => {
  it('resolves %Setting% schedules and defaults useMonitor by the interval', () => {
    const timers = compileTimers(
      [
        timer('nightly', { schedule: '%NIGHTLY%' }),
        timer('often', { schedule: '*/10 * * * * *', runOnStartup: true }),
        timer('quiet', { schedule: '0 0 * * * *', useMonitor: false }),
        http,
      ],
      { NIGHTLY: '0 0 2 * * *' },
    );
    assert.deepEqual(
      timers.map((t) => [t.functionName, t.schedule.expression, t.runOnStartup, t.useMonitor]),
      [
        ['nightly', '0 0 2 * * *', false, true],
        ['often', '*/10 * * * * *', true, false],
        ['quiet', '0 0 * * * *', false, false],
      ],
    );
  });

  it('fails naming the function and the setting when a %Setting% is not set', () => {
    assert.throws(() => compileTimers([timer('nightly', { schedule: '%NIGHTLY%' })], {}), {
      code: 'ERR_HOST_MISSING_SETTING',
      message:
        'Timer function "nightly" refers to app setting "%NIGHTLY%", which is not set (add it to local.settings.json Values or the environment).',
    });
  });

  it('uses WEBSITE_TIME_ZONE and rejects an unknown zone', () => {
    const [paris] = compileTimers([timer('t', { schedule: '0 0 9 * * *' })], {
      WEBSITE_TIME_ZONE: 'Europe/Paris',
    });
    assert.equal(
      paris?.schedule.nextAfter(new Date('2026-01-01T00:00:00Z'))?.toISOString(),
      '2026-01-01T08:00:00.000Z',
    );
    assert.throws(
      () =>
        compileTimers([timer('t', { schedule: '0 0 9 * * *' })], {
          WEBSITE_TIME_ZONE: 'Mars/Base',
        }),
      {
        code: 'ERR_HOST_INVALID_SCHEDULE',
        message:
          'WEBSITE_TIME_ZONE "Mars/Base" is not a known time zone; use an IANA name such as "Europe/Paris".',
      },
    );
  });
});
