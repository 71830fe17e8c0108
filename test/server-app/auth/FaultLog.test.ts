import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FaultLog } from '../../../server-app/auth/FaultLog.js';
import { captureLogger } from '../http/fakeDeps.js';

describe('FaultLog', () => {
  it('logs each fault once per interval, then with the repeats in between; clear forgets', () => {
    const logger = captureLogger();
    const clock = { ms: 0 };
    const log = new FaultLog(logger, 60_000, () => clock.ms);
    const report = (key: string) => log.report('warn', key, `fault ${key}`, { code: key });
    report('A');
    report('A');
    report('B');
    clock.ms = 59_999;
    report('A');
    clock.ms = 60_000;
    report('A');
    log.clear();
    report('A');
    assert.deepEqual(
      logger.entries.map((line) => [line.message, line.properties]),
      [
        ['fault A', { code: 'A' }],
        ['fault B', { code: 'B' }],
        ['fault A', { code: 'A', repeats: 2 }],
        ['fault A', { code: 'A' }],
      ],
    );
  });
});
