import type { HostLog } from './contracts.js';

/** The default host log: info to stdout, warnings and errors to stderr, one line each. */
export const consoleHostLog: HostLog = (level, message) => {
  if (level === 'info') console.log(message);
  else if (level === 'warn') console.warn(message);
  else console.error(message);
};
