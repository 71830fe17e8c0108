import type { FunctionsLogLevel } from '../app/createLogFilter.js';
import type { HostLog } from '../contracts.js';
import type { CoreLogLevel } from './installCoreModule.js';

/**
 * Maps a worker log level to the host console's; trace/debug/none are dropped (`undefined`), as
 * Core Tools hides them unless run verbose.
 */
export function toHostLogLevel(level: CoreLogLevel): Parameters<HostLog>[0] | undefined {
  switch (level) {
    case 'information':
      return 'info';
    case 'warning':
      return 'warn';
    case 'error':
    case 'critical':
      return 'error';
    default:
      return undefined;
  }
}

/** The Functions host's level of a worker log level; `undefined` for `none`. */
export function toFunctionsLogLevel(level: CoreLogLevel): FunctionsLogLevel | undefined {
  switch (level) {
    case 'trace':
      return 'Trace';
    case 'debug':
      return 'Debug';
    case 'information':
      return 'Information';
    case 'warning':
      return 'Warning';
    case 'error':
      return 'Error';
    case 'critical':
      return 'Critical';
    default:
      return undefined;
  }
}

/** The console stream of a Functions log level: Trace, Debug and Information print as info. */
export function toConsoleLevel(level: FunctionsLogLevel): Parameters<HostLog>[0] {
  if (level === 'Warning') return 'warn';
  if (level === 'Error' || level === 'Critical') return 'error';
  return 'info';
}
