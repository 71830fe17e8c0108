import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseNcrontab, type TimerSchedule } from '../../../../local/host/timers/parseNcrontab.js';

function next(schedule: TimerSchedule, from: string, count: number): string[] {
  const result: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) {
    const found = schedule.nextAfter(at);
    if (!found) break;
    result.push(found.toISOString());
    at = found;
  }
  return result;
}

const utc = (expression: string) => parseNcrontab(expression, 'UTC', 'Timer function "t"');

describe('parseNcrontab', () => {
  it('requires day-of-month AND day-of-week to match (Friday the 13th)', () => {
    assert.deepEqual(next(utc('0 0 0 13 * 5'), '2026-01-01T00:00:00Z', 4), [
      '2026-02-13T00:00:00.000Z',
      '2026-03-13T00:00:00.000Z',
      '2026-11-13T00:00:00.000Z',
      '2027-08-13T00:00:00.000Z',
    ]);
    assert.deepEqual(next(utc('0 0 0 1 * Mon'), '2026-01-01T00:00:00Z', 2), [
      '2026-06-01T00:00:00.000Z',
      '2027-02-01T00:00:00.000Z',
    ]);
  });

  it('steps "5/20" from 5 and starts strictly after the given instant', () => {
    assert.deepEqual(next(utc('5/20 * * * * *'), '2026-01-01T00:00:05Z', 4), [
      '2026-01-01T00:00:25.000Z',
      '2026-01-01T00:00:45.000Z',
      '2026-01-01T00:01:05.000Z',
      '2026-01-01T00:01:25.000Z',
    ]);
  });

  it('accepts day and month names case-insensitively, abbreviated or full', () => {
    assert.deepEqual(next(utc('0 30 9 * jan MONDAY-friday'), '2026-01-02T12:00:00Z', 3), [
      '2026-01-05T09:30:00.000Z',
      '2026-01-06T09:30:00.000Z',
      '2026-01-07T09:30:00.000Z',
    ]);
  });

  it('runs in the given time zone', () => {
    const paris = parseNcrontab('0 30 9 * * *', 'Europe/Paris', 'Timer function "t"');
    assert.deepEqual(next(paris, '2026-01-01T00:00:00Z', 1), ['2026-01-01T08:30:00.000Z']);
    assert.deepEqual(next(paris, '2026-07-01T00:00:00Z', 1), ['2026-07-01T07:30:00.000Z']);
  });

  it('rejects what NCRONTAB does not accept, naming the function and the problem', () => {
    const cases: [string, string][] = [
      ['0 */5 * * *', 'expected 6 fields (second minute hour day month day-of-week), found 5'],
      ['0 0 0 * * 7', 'day-of-week must be 0–6 (Sunday = 0)'],
      ['0 0 0 L * *', 'L, W, # and ? are not NCRONTAB syntax'],
      ['0 0 12 * * 1#2', 'L, W, # and ? are not NCRONTAB syntax'],
      ['0 0 0 * * Mo', 'unknown name "Mo"'],
    ];
    for (const [expression, problem] of cases) {
      assert.throws(() => utc(expression), {
        code: 'ERR_HOST_INVALID_SCHEDULE',
        message: `Timer function "t" has an invalid schedule "${expression}": ${problem}.`,
      });
    }
  });
});
