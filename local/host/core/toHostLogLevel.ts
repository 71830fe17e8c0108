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
