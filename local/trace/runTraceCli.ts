import { formatWaterfall } from './formatWaterfall.js';
import { readSpanRecords } from './readSpanRecords.js';
import { listRuns, selectRunTrace } from './selectRunTrace.js';

export const TRACE_USAGE = `Usage: npm run trace -- [<runId>|latest] [--trace-dir <dir>] [--all]
  <runId>      a run's span tree as a waterfall (the id npm start prints in its summary)
  latest       the run that ended last
  (nothing)    the runs recorded, newest first
  --trace-dir  where the stack records spans (default .local/traces; <data-dir>/traces with --data-dir)
  --all        every span, without folding long runs of siblings (pages)`;

export interface TraceCliOptions {
  readonly argv: readonly string[];
  readonly defaultTraceDir: string;
  readonly write: (line: string) => void;
}

/** `npm run trace`; returns the exit code: 0 shown, 1 nothing recorded for it, 2 usage. */
export async function runTraceCli(options: TraceCliOptions): Promise<number> {
  const { write } = options;
  let traceDir = options.defaultTraceDir;
  let runId: string | undefined;
  let all = false;
  const args = [...options.argv];
  while (args.length > 0) {
    const arg = args.shift() ?? '';
    if (arg === '--help' || arg === '-h') {
      write(TRACE_USAGE);
      return 0;
    } else if (arg === '--trace-dir') {
      const value = args.shift();
      if (!value) return usage(write, '--trace-dir needs a folder');
      traceDir = value;
    } else if (arg === '--all') {
      all = true;
    } else if (!arg.startsWith('-') && runId === undefined) {
      runId = arg;
    } else {
      return usage(write, `unknown argument ${arg}`);
    }
  }
  const records = await readSpanRecords(traceDir);
  if (records.length === 0) {
    write(`No spans recorded in ${traceDir}. Start the stack (npm start) and run a sync first.`);
    return 1;
  }
  if (runId === undefined) {
    const runs = listRuns(records);
    write(`Runs with spans in ${traceDir} (newest first):`);
    for (const run of runs.slice(0, 20)) {
      write(`  ${run.runId}  ended ${new Date(run.endMs).toISOString()}`);
    }
    write(`Show one: npm run trace -- <runId>  (or: latest)`);
    return 0;
  }
  const run = selectRunTrace(records, runId);
  if (run === undefined) {
    write(`No spans of run ${runId} in ${traceDir}; npm run trace lists the runs recorded.`);
    return 1;
  }
  for (const line of formatWaterfall(run.runId, run.spans, all ? { maxSiblings: Infinity } : {})) {
    write(line);
  }
  return 0;
}

function usage(write: (line: string) => void, problem: string): number {
  write(`${problem}\n${TRACE_USAGE}`);
  return 2;
}
