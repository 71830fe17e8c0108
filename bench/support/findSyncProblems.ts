import type { OrdersStandInStats } from './startOrdersStandIn.js';

/** The parts of the durable status payload and of the sync summary the bench reads. */
export interface SyncRunStatus {
  readonly runtimeStatus: string;
  readonly createdTime?: string;
  readonly output?: {
    readonly status?: string;
    readonly totals?: {
      readonly partitions: number;
      readonly synced: number;
      readonly failed: number;
      readonly orders: number;
      readonly pages: number;
    };
  } | null;
}

/** The shape of the data the stand-in served. */
export interface ExpectedSync {
  readonly partitions: number;
  /** Pages per partition. */
  readonly pages: number;
  readonly ordersPerPage: number;
}

/**
 * Why a sync run does not count as a correct one, judged from both sides: the orchestration's
 * summary and what the stand-in server saw (each partition synced once, each page read once).
 * Empty when the run was correct.
 */
export function findSyncProblems(
  expected: ExpectedSync,
  status: SyncRunStatus | undefined,
  served: OrdersStandInStats,
): string[] {
  const pages = expected.partitions * expected.pages;
  const totals = status?.output?.totals;
  const problems: string[] = [];
  if (status === undefined) problems.push('no run status');
  else if (status.runtimeStatus !== 'Completed') problems.push(`run ${status.runtimeStatus}`);
  if (
    totals !== undefined &&
    (totals.synced !== expected.partitions ||
      totals.pages !== pages ||
      totals.orders !== pages * expected.ordersPerPage)
  ) {
    problems.push(
      `summary says ${totals.synced} synced, ${totals.pages} pages, ${totals.orders} orders`,
    );
  }
  if (served.partitionStarts !== expected.partitions) {
    problems.push(
      `${served.partitionStarts} partition syncs started for ${expected.partitions} partitions`,
    );
  }
  if (served.pageRequests !== pages) {
    problems.push(`${served.pageRequests} page requests for ${pages} pages`);
  }
  if (served.listingRequests !== 1) {
    problems.push(`${served.listingRequests} listing requests`);
  }
  if (served.refused > 0) problems.push(`${served.refused} requests refused by the stand-in`);
  return problems;
}
