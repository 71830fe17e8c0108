import type { Logger } from '../../../shared/logging/Logger.js';

/** A logger that keeps every line, for asserting what was (and was not) logged. */
export function captureLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const push =
    (level: string) => (message: string, properties?: Readonly<Record<string, unknown>>) => {
      lines.push(`${level} ${message} ${JSON.stringify(properties ?? {})}`);
    };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}
