import { HostError } from '../core/HostError.js';

/** The Functions host's log levels, least to most severe. */
const LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'] as const;
export type FunctionsLogLevel = (typeof LEVELS)[number];

/** The prefix of app settings that override host.json, as `AzureFunctionsJobHost__logging__...`. */
const OVERRIDE_PREFIX = 'AzureFunctionsJobHost__logging__logLevel__';

/** Whether a line of `category` at `level` is shown. */
export type LogFilter = (category: string, level: FunctionsLogLevel) => boolean;

/**
 * The Functions host's log filter: host.json `logging.logLevel` (`default` plus categories such
 * as `Function` or `Function.<name>`), overridden by `AzureFunctionsJobHost__logging__logLevel__*`
 * settings. The most specific category that is `category` itself or a dotted prefix of it wins.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` naming a level that is not one of the host's.
 */
export function createLogFilter(
  logLevel: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
): LogFilter {
  const minimum = new Map<string, number>();
  const add = (category: string, value: unknown, where: string) => {
    const rank = LEVELS.findIndex((level) => level.toLowerCase() === String(value).toLowerCase());
    if (rank < 0) {
      throw new HostError(
        'ERR_HOST_APP_LOAD',
        `${where}: "${String(value)}" is not a log level (${LEVELS.join(', ')}).`,
      );
    }
    minimum.set(category.toLowerCase(), rank);
  };
  for (const [category, value] of Object.entries(logLevel)) {
    add(category, value, `host.json logging.logLevel.${category}`);
  }
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(OVERRIDE_PREFIX) && value !== undefined) {
      add(name.slice(OVERRIDE_PREFIX.length), value, name);
    }
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
