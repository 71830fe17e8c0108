import type { HostLog } from '../../../local/host/contracts.js';

/** A HostLog that keeps lines and lets a test wait for one (event-driven, no polling). */
export interface CapturedLog {
  readonly log: HostLog;
  readonly lines: string[];
  /** Resolves with the first line (already logged or future) matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  return {
    lines,
    log: (level, message) => {
      const line = `${level}: ${message}`;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    },
    waitFor: (pattern) => {
      const found = lines.find((line) => pattern.test(line));
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
  };
}
