import { resolveSettingReferences } from '../app/resolveSettingReferences.js';
import type { FunctionMetadata } from '../contracts.js';
import { triggerOf } from '../invoke/toEffectiveOptions.js';
import { parseNcrontab, type TimerSchedule } from './parseNcrontab.js';
import { readTimeZone } from './readTimeZone.js';

/** A timer-triggered function with its schedule resolved and validated. */
export interface TimerDefinition {
  readonly functionName: string;
  readonly schedule: TimerSchedule;
  readonly runOnStartup: boolean;
  /** Whether the handler receives `scheduleStatus` (the binding's `useMonitor`). */
  readonly useMonitor: boolean;
}

/**
 * Validates every timer trigger at startup: `%Setting%` references resolved from `settings`,
 * NCRONTAB parsed in `WEBSITE_TIME_ZONE`. `useMonitor` defaults as in the host: on when
 * occurrences are at least a minute apart.
 *
 * @throws {HostError} `ERR_HOST_MISSING_SETTING` / `ERR_HOST_INVALID_SCHEDULE` naming the function.
 */
export function compileTimers(
  functions: readonly FunctionMetadata[],
  settings: Readonly<Record<string, string | undefined>>,
): TimerDefinition[] {
  const timers = functions.filter((fn) => triggerOf(fn).type === 'timerTrigger');
  if (timers.length === 0) return [];
  const timeZone = readTimeZone(settings);
  return timers.map((fn) => {
    const trigger = triggerOf(fn);
    const where = `Timer function "${fn.name}"`;
    const raw = typeof trigger.schedule === 'string' ? trigger.schedule : '';
    const schedule = parseNcrontab(resolveSettingReferences(raw, settings, where), timeZone, where);
    return {
      functionName: fn.name,
      schedule,
      runOnStartup: trigger.runOnStartup === true,
      useMonitor:
        typeof trigger.useMonitor === 'boolean' ? trigger.useMonitor : isMinuteOrSlower(schedule),
    };
  });
}

function isMinuteOrSlower(schedule: TimerSchedule): boolean {
  const first = schedule.nextAfter(new Date(0));
  const second = first && schedule.nextAfter(first);
  return !first || !second || second.getTime() - first.getTime() >= 60_000;
}
