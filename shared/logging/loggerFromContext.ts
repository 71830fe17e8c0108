import type { InvocationContext } from '@azure/functions';

import type { Logger } from './Logger.js';

/** Adapts a Functions invocation's log methods to Logger; properties become one JSON suffix. */
export function loggerFromContext(context: InvocationContext): Logger {
  const line = (message: string, properties?: Readonly<Record<string, unknown>>) =>
    properties === undefined ? message : `${message} ${JSON.stringify(properties)}`;
  return {
    info: (message, properties) => context.log(line(message, properties)),
    warn: (message, properties) => context.warn(line(message, properties)),
    error: (message, properties) => context.error(line(message, properties)),
  };
}
