import { HostError } from '../core/HostError.js';

/** The Functions host's log levels, least to most severe. */
const LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'] as const;
export type FunctionsLogLevel = (typeof LEVELS)[number];

/** Whether a line of `category` at `level` is shown. */
export type LogFilter = (category: string, level: FunctionsLogLevel) => boolean;

/**
 * The Functions host's log filter: host.json `logging.logLevel` (`default` plus categories such
 * as `Function` or `Function.<name>`; `AzureFunctionsJobHost__logging__logLevel__*` settings are
 * applied to it by readHostJson). The most specific category that is `category` itself or a
 * dotted prefix of it wins.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` naming a level that is not one of the host's.
 */
export function createLogFilter(logLevel: Readonly<Record<string, unknown>>): LogFilter {
  const minimum = new Map<string, number>();
  for (const [category, value] of Object.entries(logLevel)) {
    const rank = LEVELS.findIndex((level) => level.toLowerCase() === String(value).toLowerCase());
    if (rank < 0) {
      throw new HostError(
        'ERR_HOST_APP_LOAD',
        `host.json logging.logLevel.${category} (or its AzureFunctionsJobHost__logging__logLevel__${category} setting): "${String(value)}" is not a log level (${LEVELS.join(', ')}).`,
      );
    }
    minimum.set(category.toLowerCase(), rank);
  }
  const information = LEVELS.indexOf('Information');
  return (category, level) => {
    let key = category.toLowerCase();
    for (;;) {
      const rank = minimum.get(key);
      if (rank !== undefined) return LEVELS.indexOf(level) >= rank;
      const dot = key.lastIndexOf('.');
      if (dot < 0) break;
      key = key.slice(0, dot);
    }
    return LEVELS.indexOf(level) >= (minimum.get('default') ?? information);
  };
}
