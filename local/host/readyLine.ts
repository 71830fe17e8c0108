/** The line the CLI prints once it serves requests; tools wait for it (test/support/startHostProcess.ts). */
export const READY_LINE_PREFIX = 'Local Functions host listening on ';

/** The ready line for a host at `url`. */
export function readyLine(url: string): string {
  return `${READY_LINE_PREFIX}${url}`;
}
