import type { InvocationContext } from '@azure/functions';

import { consoleLogger } from './consoleLogger.js';
import type { Logger } from './Logger.js';
import { loggerFromContext } from './loggerFromContext.js';
import { currentInvocation } from './invocationScope.js';

/**
 * A Logger for process-wide components (the bearer authenticator, the token provider): a line
 * written while an invocation runs goes through that invocation's `context.log` (so it carries
 * the invocation and trace ids); a line written outside any, or after it finished (startup, a
 * background refresh after its request ended), goes to `fallback`, by default the console.
 */
export function createAmbientLogger(
  current: () => InvocationContext | undefined = currentInvocation,
  fallback: Logger = consoleLogger,
): Logger {
  const target = (): Logger => {
    const context = current();
    return context === undefined ? fallback : loggerFromContext(context);
  };
  return {
    info: (message, properties) => target().info(message, properties),
    warn: (message, properties) => target().warn(message, properties),
    error: (message, properties) => target().error(message, properties),
  };
}

/** The ambient logger over the current invocation and the console. */
export const ambientLogger: Logger = createAmbientLogger();
