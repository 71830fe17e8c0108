import { Cron } from 'croner';

import { HostError } from '../core/HostError.js';

/** A validated timer schedule. */
export interface TimerSchedule {
  /** The expression after `%Setting%` resolution, as written. */
  readonly expression: string;
  /** The first occurrence strictly after `date`, or null when there is none. */
  nextAfter(date: Date): Date | null;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * Parses a six-field NCRONTAB expression (`second minute hour day month day-of-week`) with the
 * Functions host's semantics: day-of-month AND day-of-week must both match, `5/20` steps from 5,
 * names match case-insensitively by prefix (Mon, Monday), day-of-week is 0–6, no L/W/#/?. Times
 * are in `timeZone` (IANA name; default UTC).
 *
 * @throws {HostError} `ERR_HOST_INVALID_SCHEDULE` naming `where` and the problem.
 */
export function parseNcrontab(expression: string, timeZone: string, where: string): TimerSchedule {
  const fail = (problem: string): never => {
    throw new HostError(
      'ERR_HOST_INVALID_SCHEDULE',
      `${where} has an invalid schedule "${expression}": ${problem}.`,
    );
  };
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    fail(`expected 6 fields (second minute hour day month day-of-week), found ${fields.length}`);
  }
  if (/[LW#?]/i.test(fields.join(' ').replace(/[a-z]{3,}/gi, ''))) {
    fail('L, W, # and ? are not NCRONTAB syntax');
  }
  const month = replaceNames(fields[4] ?? '', MONTHS, 1, fail);
  const dayOfWeek = replaceNames(fields[5] ?? '', DAYS, 0, fail);
  for (const number of dayOfWeek.replace(/\/\d+/g, '').match(/\d+/g) ?? []) {
    if (Number(number) > 6) fail('day-of-week must be 0–6 (Sunday = 0)');
  }
  let cron: Cron;
  try {
    cron = new Cron([...fields.slice(0, 4), month, dayOfWeek].join(' '), {
      mode: '6-part',
      domAndDow: true,
      sloppyRanges: true,
      timezone: timeZone,
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  return {
    expression,
    nextAfter: (date) => cron.nextRun(date),
  };
}

function replaceNames(
  field: string,
  names: readonly string[],
  first: number,
  fail: (problem: string) => never,
): string {
  return field.replace(/[a-z]+/gi, (word) => {
    const index = names.findIndex(
      (name) => word.length >= 3 && name.startsWith(word.toLowerCase()),
    );
    return index >= 0 ? String(index + first) : fail(`unknown name "${word}"`);
  });
}
