import { format } from 'node:util';

/** The error's stack (or message) for the host console; never sent to HTTP clients. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return format('%o', error);
}
