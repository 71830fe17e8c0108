import { RestError, type ContainerClient } from '@azure/storage-blob';

import { formatSummary, type SyncSummaryView } from '../stack/formatSyncReport.js';
import { parseRunsArgs, RUNS_USAGE } from './parseRunsArgs.js';

export interface RunsCliOptions {
  readonly argv: readonly string[];
  /** The sync container for the parsed arguments (the entry point builds it from settings). */
  readonly openContainer: (args: { blobEndpoint: string; container: string }) => ContainerClient;
  readonly write: (line: string) => void;
}

/**
 * `npm run runs`: reads what the sync wrote, so a user need not open blob URLs (Azurite answers
 * a browser 403). Returns the exit code: 0 done, 1 nothing there or storage unreachable, 2 usage.
 */
export async function runRunsCli(options: RunsCliOptions): Promise<number> {
  const { write } = options;
  let args;
  try {
    args = parseRunsArgs(options.argv);
  } catch (error) {
    write(`${(error as Error).message}\n${RUNS_USAGE}`);
    return 2;
  }
  if (args.help) {
    write(RUNS_USAGE);
    return 0;
  }
  const container = options.openContainer(args);
  try {
    if (args.runId === undefined) return await listRuns(container, args.limit, write);
    const runId = args.runId === 'latest' ? await latestRunId(container) : args.runId;
    if (runId === undefined) {
      write(`No run yet in container "${args.container}" (no latest.json).`);
      return 1;
    }
    if (args.partition === undefined) return await printReport(container, runId, write);
    return await printPartition(container, runId, args.partition, write);
  } catch (error) {
    if (error instanceof RestError && error.statusCode === undefined) {
      write(
        `Cannot reach blob storage at ${container.url} (${error.code ?? error.message}). Fix: start the stack (npm start), or pass --blob-endpoint / ORDERS_STORAGE.`,
      );
      return 1;
    }
    throw error;
  }
}

async function listRuns(
  container: ContainerClient,
  limit: number,
  write: (line: string) => void,
): Promise<number> {
  const runIds: string[] = [];
  if (!(await container.exists())) {
    write(`No runs yet: container "${container.containerName}" does not exist.`);
    return 1;
  }
  for await (const item of container.listBlobsByHierarchy('/', { prefix: 'runs/' })) {
    if (item.kind === 'prefix') runIds.push(item.name.slice('runs/'.length, -1));
  }
  // Run ids begin with their start instant, so the newest sort last.
  const newest = runIds.sort().reverse().slice(0, limit);
  if (newest.length === 0) {
    write('No runs yet.');
    return 1;
  }
  write(`Runs in "${container.containerName}", newest first (npm run runs -- <runId> for one):`);
  for (const runId of newest) {
    const report = await readReport(container, runId);
    if (!report) {
      write(`  ${runId}  (no report yet: running, or ended before writing it)`);
      continue;
    }
    const t = report.totals;
    write(
      `  ${runId}  ${report.status.padEnd(21)}  ${(report.mode ?? '-').padEnd(11)}  ${`${t.synced}/${t.partitions}`.padStart(7)} partitions  ${String(t.orders).padStart(8)} orders`,
    );
  }
  return 0;
}

async function printReport(
  container: ContainerClient,
  runId: string,
  write: (line: string) => void,
): Promise<number> {
  const report = await readReport(container, runId);
  if (!report) {
    write(`No report for run ${runId} in "${container.containerName}" (see npm run runs).`);
    return 1;
  }
  for (const line of formatSummary(report, (args) => `npm run runs -- ${args}`)) write(line);
  return 0;
}

async function printPartition(
  container: ContainerClient,
  runId: string,
  partition: string,
  write: (line: string) => void,
): Promise<number> {
  const blob = container.getBlockBlobClient(`runs/${runId}/partitions/${partition}.ndjson`);
  let body: NodeJS.ReadableStream | undefined;
  try {
    body = (await blob.download()).readableStreamBody;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) {
      write(
        `Run ${runId} wrote no blob for partition ${partition} (see npm run runs -- ${runId}).`,
      );
      return 1;
    }
    throw error;
  }
  // Streamed line by line: a partition blob can be far larger than memory should hold.
  let rest = '';
  for await (const chunk of body ?? []) {
    const lines = (rest + String(chunk)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) write(line);
  }
  if (rest) write(rest);
  return 0;
}

async function latestRunId(container: ContainerClient): Promise<string | undefined> {
  const latest = await readJson(container, 'latest.json');
  const runId = (latest as { runId?: unknown } | undefined)?.runId;
  return typeof runId === 'string' ? runId : undefined;
}

async function readReport(
  container: ContainerClient,
  runId: string,
): Promise<SyncSummaryView | undefined> {
  return (await readJson(container, `runs/${runId}/report.json`)) as SyncSummaryView | undefined;
}

async function readJson(container: ContainerClient, path: string): Promise<unknown> {
  try {
    const text = (await container.getBlockBlobClient(path).downloadToBuffer()).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return undefined;
    throw error;
  }
}
