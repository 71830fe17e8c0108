import type { SyncRunStatus } from '../support/findSyncProblems.js';
import type { StandInPartitionStats } from '../support/startOrdersStandIn.js';

/** The per-partition part of the run summary the scale bench reads. */
export interface ScalePartitionResult {
  readonly name: string;
  readonly status: string;
  readonly mode?: string;
  readonly orders: number;
  readonly pages: number;
  readonly chunks: number;
  readonly blobPath?: string;
}

/** The durable status of a run, with the summary's per-partition results. */
export interface ScaleRunStatus extends SyncRunStatus {
  readonly output?:
    | (NonNullable<SyncRunStatus['output']> & {
        readonly partitions?: readonly ScalePartitionResult[];
      })
    | null;
}

/** What one scale run should have done to its one partition. */
export interface ExpectedScaleRun {
  readonly partition: string;
  readonly mode: 'full' | 'incremental';
  /** Orders the run writes: the partition's size for a full run, the changes for an incremental one. */
  readonly orders: number;
  /** Page requests the stand-in should see: ceil(size / page size) for a full read. */
  readonly pages: number;
}

/**
 * Why a run does not count as the sync it should have been, from the summary and from what the
 * stand-in served the partition; empty when it does.
 */
export function findScaleRunProblems(
  expected: ExpectedScaleRun,
  status: ScaleRunStatus | undefined,
  served: Pick<StandInPartitionStats, 'pageRequests' | 'fullReads' | 'deltaReads'>,
): string[] {
  const problems: string[] = [];
  if (status === undefined) return ['no run status'];
  if (status.runtimeStatus !== 'Completed') problems.push(`run ${status.runtimeStatus}`);
  const result = status.output?.partitions?.find((p) => p.name === expected.partition);
  if (!result) {
    problems.push(`the summary has no partition ${expected.partition}`);
  } else {
    if (result.status !== 'synced') problems.push(`partition ${result.status}`);
    if (result.mode !== expected.mode)
      problems.push(`read ${result.mode ?? 'in no mode'}, not ${expected.mode}`);
    if (result.orders !== expected.orders)
      problems.push(`${result.orders} orders written, ${expected.orders} expected`);
  }
  const starts = expected.mode === 'full' ? served.fullReads : served.deltaReads;
  if (starts !== 1 || served.fullReads + served.deltaReads !== 1) {
    problems.push(
      `${served.fullReads} full and ${served.deltaReads} delta reads started, 1 ${expected.mode === 'full' ? 'full' : 'delta'} expected`,
    );
  }
  if (served.pageRequests !== expected.pages) {
    problems.push(`${served.pageRequests} page requests, ${expected.pages} expected`);
  }
  return problems;
}
