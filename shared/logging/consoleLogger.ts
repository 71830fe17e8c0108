import type { Logger } from './Logger.js';

/**
 * A process-wide Logger for components that outlive one invocation (the bearer authenticator, the token provider).
 * The Functions Node worker forwards console output to the host's logs.
 */
export const consoleLogger: Logger = {
  info: (message, properties) => console.info(line(message, properties)),
  warn: (message, properties) => console.warn(line(message, properties)),
  error: (message, properties) => console.error(line(message, properties)),
};

function line(message: string, properties?: Readonly<Record<string, unknown>>): string {
  return properties === undefined ? message : `${message} ${JSON.stringify(properties)}`;
}
