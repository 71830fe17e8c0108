import { formatRetryWait } from './formatRetryNotice.js';
import {
  formatProgress,
  formatSummary,
  formatUnfinishedRun,
  type SyncSummaryView,
} from './formatSyncReport.js';
import type { InstanceStatus, ProgressTick } from './watchSyncRun.js';

/** The console's progress lines for a run (watchInstance's onProgress). */
export function progressPrinter(
  say: (line: string) => void,
): (status: InstanceStatus, tick: ProgressTick) => void {
  return (s, tick) => {
    const line = formatProgress(s.customStatus);
    const wait = formatRetryWait(s.customStatus, Date.now());
    const still = tick.repeated ? ` (still running, ${Math.round(tick.elapsedMs / 1000)} s)` : '';
    if (line) say(`${line}${still}`);
    else if (tick.repeated) say(`  … the run is ${s.runtimeStatus.toLowerCase()}${still}`);
    if (wait) say(wait);
  };
}

/** Prints a finished run's summary (or why it did not complete); true when nothing failed. */
export function printRunOutcome(
  status: InstanceStatus,
  /** runsCommand's result: the `npm run runs` command line for some arguments. */
  runs: (args: string) => string,
  say: (line: string) => void,
): boolean {
  if (status.runtimeStatus === 'Completed') {
    const summary = status.output as SyncSummaryView;
    for (const line of formatSummary(summary, runs)) say(line);
    return summary.totals.failed === 0;
  }
  for (const line of formatUnfinishedRun(status.runtimeStatus, status.output, runs)) say(line);
  return false;
}

/** How a later run was started, from its input's `trigger`, for the line announcing it. */
export function describeTrigger(status: InstanceStatus & { readonly input?: unknown }): string {
  const trigger =
    typeof status.input === 'object' && status.input !== null
      ? (status.input as { trigger?: unknown }).trigger
      : undefined;
  if (trigger === 'timer') return 'by the timer';
  if (trigger === 'http') return 'by POST /api/sync';
  return 'outside npm start';
}
