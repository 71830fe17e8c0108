import { setTimeout as sleep } from 'node:timers/promises';

/** The first wait after an empty poll; doubled after each further empty poll. */
const FIRST_WAIT_MS = 100;

/**
 * The storage extension's polling rhythm: right away again after a poll that found work, else a
 * wait that starts at 100 ms and doubles up to `maxMs`. Wall-clock time: these are real storage
 * round trips, not the host's (possibly virtual) clock.
 */
export function createPollingBackoff(maxMs: number): {
  /** Waits before the next poll; resolves early (false) once the signal aborts. */
  wait(foundWork: boolean, signal: AbortSignal): Promise<boolean>;
} {
  let next = FIRST_WAIT_MS;
  return {
    async wait(foundWork, signal) {
      if (foundWork) {
        next = FIRST_WAIT_MS;
        return !signal.aborted;
      }
      const ms = Math.min(next, maxMs);
      next = Math.min(next * 2, maxMs);
      try {
        await sleep(ms, undefined, { signal });
        return true;
      } catch {
        return false;
      }
    },
  };
}
