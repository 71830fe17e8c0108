import { DEFAULT_BLOB_ENDPOINT } from '../runs/parseRunsArgs.js';

/** The shape of the sync summary the client orchestration returns (client-app/sync/syncTypes.ts). */
export interface SyncSummaryView {
  readonly runId: string;
  readonly status: string;
  /** `incremental`, `full` or `since` (absent from summaries written before modes existed). */
  readonly mode?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly reportPath?: string;
  readonly partitions: readonly {
    readonly name: string;
    readonly status: string;
    readonly mode?: string;
    readonly fullBecause?: string;
    readonly orders: number;
    readonly pages: number;
    readonly chunks?: number;
    readonly watermarkAfter?: string | null;
    readonly blobPath?: string;
    readonly error?: {
      readonly code: string;
      readonly message: string;
      readonly settingToCheck?: { readonly app: string; readonly name: string };
    };
  }[];
  readonly totals: {
    readonly partitions: number;
    readonly synced: number;
    readonly failed: number;
    readonly orders: number;
    readonly pages: number;
  };
}

/**
 * One progress line from the orchestration's custom status `{ done, total, failed, orders }`;
 * undefined before the partitions are known (`total` 0 while the listing is retried).
 */
export function formatProgress(customStatus: unknown): string | undefined {
  if (typeof customStatus !== 'object' || customStatus === null) return undefined;
  const p = customStatus as { done?: unknown; total?: unknown; failed?: unknown; orders?: unknown };
  if (typeof p.done !== 'number' || typeof p.total !== 'number' || p.total === 0) return undefined;
  const orders = typeof p.orders === 'number' ? p.orders : 0;
  const failed = typeof p.failed === 'number' ? p.failed : 0;
  return `  … partitions ${p.done}/${p.total} done, ${orders} orders so far, ${failed} failed`;
}

/**
 * The end-of-run summary: per partition how it was read and what it fetched, totals, duration
 * and where the data went. The total line keeps its form `total <synced>/<partitions> <orders>
 * <pages>`; scripts read it.
 */
/**
 * How to read a run from this machine's storage: `npm run runs -- <args>`, naming the blob
 * endpoint only when it is not the stack's default (blob URLs answer a browser 403).
 */
export function runsCommand(blobEndpoint: string): (args: string) => string {
  const extra = blobEndpoint === DEFAULT_BLOB_ENDPOINT ? '' : ` --blob-endpoint ${blobEndpoint}`;
  return (args) => `npm run runs -- ${args}${extra}`;
}

export function formatSummary(summary: SyncSummaryView, runs: (args: string) => string): string[] {
  const seconds = (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000;
  const width = Math.max(9, ...summary.partitions.map((p) => p.name.length));
  const row = (cells: {
    name: string;
    status: string;
    mode: string;
    orders: string;
    pages: string;
    rest?: string;
  }) =>
    `  ${cells.name.padEnd(width)}  ${cells.status.padEnd(6)}  ${cells.mode.padEnd(11)}  ${cells.orders.padStart(7)}  ${cells.pages.padStart(5)}${cells.rest ?? ''}`;
  const lines = [
    `Sync ${summary.runId}: ${summary.status} in ${seconds.toFixed(1)} s${summary.mode ? `, mode ${summary.mode}` : ''}`,
    row({
      name: 'partition',
      status: 'status',
      mode: 'read',
      orders: 'orders',
      pages: 'pages',
      rest: `  ${'chunks'.padStart(6)}  watermark after`,
    }),
  ];
  for (const p of summary.partitions) {
    const detail = p.error
      ? `  ${p.error.code}: ${p.error.message}`
      : `  ${String(p.chunks ?? '').padStart(6)}  ${p.watermarkAfter ?? '-'}`;
    lines.push(
      row({
        name: p.name,
        status: p.status,
        mode: p.mode ?? '-',
        orders: String(p.orders),
        pages: String(p.pages),
        rest: detail,
      }),
    );
  }
  const t = summary.totals;
  lines.push(
    row({
      name: 'total',
      status: `${t.synced}/${t.partitions}`,
      mode: '',
      orders: String(t.orders),
      pages: String(t.pages),
    }),
  );
  const full = summary.partitions.filter((p) => p.fullBecause);
  if (summary.mode === 'incremental' && full.length > 0) {
    const reasons = new Map<string, string[]>();
    for (const p of full)
      reasons.set(p.fullBecause ?? '', [...(reasons.get(p.fullBecause ?? '') ?? []), p.name]);
    for (const [because, names] of reasons)
      lines.push(`  read in full: ${names.join(', ')} (${because})`);
  }
  lines.push(...formatSettingsToCheck(summary.partitions));
  lines.push(
    `  orders: ${runs(`${summary.runId} <partition>`)}`,
    `  report: ${runs(summary.runId)}`,
  );
  return lines;
}

/** `  check:  ORDERS_API_BASE_URL (client app) for ORDERS_API_CONNECTION_REFUSED (emea, apac)` */
function formatSettingsToCheck(partitions: SyncSummaryView['partitions']): string[] {
  const bySetting = new Map<string, { codes: Set<string>; names: string[] }>();
  for (const p of partitions) {
    const setting = p.error?.settingToCheck;
    if (!p.error || !setting) continue;
    const key = `${setting.name} (${setting.app} app)`;
    const entry = bySetting.get(key) ?? { codes: new Set<string>(), names: [] };
    entry.codes.add(p.error.code);
    entry.names.push(p.name);
    bySetting.set(key, entry);
  }
  return [...bySetting].map(
    ([setting, { codes, names }]) =>
      `  check:  ${setting} for ${[...codes].join(', ')} (${names.join(', ')})`,
  );
}

/**
 * A run that did not complete: the instance's output (the orchestration's error, which names
 * the cause and the setting to check) and where the details are.
 */
export function formatUnfinishedRun(
  runtimeStatus: string,
  output: unknown,
  runs: (args: string) => string,
): string[] {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  return [
    `✗ Sync ${runtimeStatus}: ${text}`,
    `  details: ${runs('latest')} (the run report), and .local/logs/client-app.log`,
  ];
}
