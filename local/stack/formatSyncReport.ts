/** The shape of the sync summary the client orchestration returns (client-app/sync/syncTypes.ts). */
export interface SyncSummaryView {
  readonly runId: string;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly reportPath?: string;
  readonly partitions: readonly {
    readonly name: string;
    readonly status: string;
    readonly orders: number;
    readonly pages: number;
    readonly blobPath?: string;
    readonly error?: { readonly code: string; readonly message: string };
  }[];
  readonly totals: {
    readonly partitions: number;
    readonly synced: number;
    readonly failed: number;
    readonly orders: number;
    readonly pages: number;
  };
}

/** One progress line from the orchestration's custom status `{ done, total, failed, orders }`. */
export function formatProgress(customStatus: unknown): string | undefined {
  if (typeof customStatus !== 'object' || customStatus === null) return undefined;
  const p = customStatus as { done?: unknown; total?: unknown; failed?: unknown; orders?: unknown };
  if (typeof p.done !== 'number' || typeof p.total !== 'number') return undefined;
  const orders = typeof p.orders === 'number' ? p.orders : 0;
  const failed = typeof p.failed === 'number' ? p.failed : 0;
  return `  … partitions ${p.done}/${p.total} done, ${orders} orders so far, ${failed} failed`;
}

/** The end-of-run summary: per partition counts, totals, duration and where the data went. */
export function formatSummary(summary: SyncSummaryView, dataLocation: string): string[] {
  const seconds = (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000;
  const width = Math.max(9, ...summary.partitions.map((p) => p.name.length));
  const lines = [
    `Sync ${summary.runId}: ${summary.status} in ${seconds.toFixed(1)} s`,
    `  ${'partition'.padEnd(width)}  ${'status'.padEnd(6)}  ${'orders'.padStart(7)}  ${'pages'.padStart(5)}`,
  ];
  for (const p of summary.partitions) {
    lines.push(
      `  ${p.name.padEnd(width)}  ${p.status.padEnd(6)}  ${String(p.orders).padStart(7)}  ${String(p.pages).padStart(5)}` +
        (p.error ? `  ${p.error.code}: ${p.error.message}` : ''),
    );
  }
  const t = summary.totals;
  lines.push(
    `  ${'total'.padEnd(width)}  ${`${t.synced}/${t.partitions}`.padEnd(6)}  ${String(t.orders).padStart(7)}  ${String(t.pages).padStart(5)}`,
    `  data:   ${dataLocation}/runs/${summary.runId}/partitions/<partition>.ndjson`,
    `  report: ${dataLocation}/${summary.reportPath ?? `runs/${summary.runId}/report.json`}`,
  );
  return lines;
}
