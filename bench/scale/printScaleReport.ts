import { formatTable, formatTarget } from '../support/printTable.js';
import { LONG_GAP_MS, type StandInPartitionStats } from '../support/startOrdersStandIn.js';
import {
  judgeScale,
  ordersPerSecond,
  type FullSyncFigures,
  type IncrementalFigures,
  type ScaleFigures,
} from './judgeScale.js';

/** What the full-sync table shows beside the judged figures. */
export interface FullSyncDetail {
  readonly figures: FullSyncFigures;
  /** What the stand-in saw of the partition: requests and the client's gaps between pages. */
  readonly served: StandInPartitionStats;
  readonly chunks: number | undefined;
  /** The stand-in's first request → last response for the partition, ms. */
  readonly readSpanMs: number;
  /** The host's RSS when the run started, and its lifetime peak once it ended, bytes. */
  readonly rssBeforeBytes: number | undefined;
  readonly lifetimePeakBytes: number | undefined;
}

export interface IncrementalDetail {
  readonly figures: IncrementalFigures;
  readonly ordersServed: number;
  readonly mode: string;
}

const mb = (bytes: number | undefined) =>
  bytes === undefined ? '-' : `${(bytes / 1e6).toFixed(0)} MB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const perPage = (total: number, pages: number) =>
  pages > 0 ? `${(total / pages).toFixed(2)} ms` : '-';
const rate = (perSecond: number | undefined) =>
  perSecond === undefined ? '-' : `${perSecond.toFixed(0)}/s`;

/** The client-side tables, then every target line (a missed one says MISSED, never hidden). */
export function printScaleReport(
  figures: ScaleFigures,
  details: {
    readonly full: readonly FullSyncDetail[];
    readonly incremental: readonly IncrementalDetail[];
    /** ORDERS_SYNC_CHUNK_PAGES: a long gap before request k × this is a chunk boundary. */
    readonly chunkPages: number;
    /** Prints more figures (the server side) between the tables and the target lines. */
    readonly beforeTargets?: () => void;
  },
): void {
  const boundary = (d: FullSyncDetail) =>
    d.served.longGapsAt.filter((gap) => gap.page % details.chunkPages === 0);
  const sumMs = (gaps: readonly { readonly ms: number }[]) =>
    gaps.reduce((sum, gap) => sum + gap.ms, 0);
  const full = details.full;
  const fullRows = [
    ['figure', ...full.map((d) => d.figures.label), 'note'],
    [
      'orders',
      ...full.map((d) => d.figures.orders.toLocaleString('en-US')),
      'in the one partition',
    ],
    [
      'wall time',
      ...full.map((d) => ms(d.figures.wallMs)),
      'POST /api/sync {"mode":"full"} → finished',
    ],
    ['orders/s', ...full.map((d) => rate(ordersPerSecond(d.figures))), 'orders / wall time'],
    [
      'raw page rate',
      ...full.map((d) => rate(d.figures.rawOrdersPerSecond)),
      'the same pages fetched back to back by the bench (JSON parsed, nothing else): the ideal',
    ],
    [
      'sync / raw',
      ...full.map((d) =>
        d.figures.rawOrdersPerSecond
          ? `${(ordersPerSecond(d.figures) / d.figures.rawOrdersPerSecond).toFixed(2)}×`
          : '-',
      ),
      'target ≥ 0.7× at the largest size',
    ],
    [
      'read span',
      ...full.map((d) => ms(d.readSpanMs)),
      "the stand-in's first page request → last response (wall time less start and finish)",
    ],
    [
      'server / page',
      ...full.map((d) => perPage(d.readSpanMs - d.served.gapMs, d.served.pageRequests)),
      "read span less the client's gaps: the stand-in's own time and the transport",
    ],
    [
      'client / page',
      ...full.map((d) => perPage(d.served.gapMs, d.served.pageRequests)),
      'mean gap between a response and the next request (the client at work between pages)',
    ],
    [
      `stalls ≥ ${LONG_GAP_MS} ms`,
      ...full.map((d) => `${d.served.longGaps} = ${ms(d.served.longGapMs)}`),
      'gaps that long: count = total, part of the client time',
    ],
    [
      '  at chunk starts',
      ...full.map((d) => `${boundary(d).length} = ${ms(sumMs(boundary(d)))}`),
      `before request k × ${details.chunkPages}: commit of a chunk's state, the next durable step, its state read`,
    ],
    [
      '  within chunks',
      ...full.map((d) => {
        const inside = d.served.longGapsAt.filter((gap) => gap.page % details.chunkPages !== 0);
        return `${inside.length} = ${ms(sumMs(inside))}`;
      }),
      'the others: a ~4 MiB block staged (awaited before the next request), GC',
    ],
    [
      'pages / chunks',
      ...full.map((d) => `${d.served.pageRequests} / ${d.chunks ?? '-'}`),
      'page requests seen / durable chunk steps',
    ],
    [
      'RSS at start',
      ...full.map((d) => mb(d.rssBeforeBytes)),
      "the client host's VmRSS before the run",
    ],
    [
      'peak RSS',
      ...full.map((d) => mb(d.figures.peakRssBytes)),
      'VmHWM during the run (reset before it via clear_refs)',
    ],
    ['lifetime peak', ...full.map((d) => mb(d.lifetimePeakBytes)), 'VmHWM since the host started'],
    [
      'correct',
      ...full.map((d) => (d.figures.problems.length === 0 ? 'yes' : 'NO')),
      'completed, every order once, one read',
    ],
  ];
  for (const line of formatTable(fullRows, ['left', ...full.map(() => 'right' as const), 'left'])) {
    console.log(line);
  }

  const base = figures.incrementalBase;
  const incremental = details.incremental;
  if (base && incremental.length > 0) {
    console.log(
      `  Incremental runs of the ${base.label} partition (the same host, ORDERS_SYNC_OVERLAP_MS default):`,
    );
    const rows = [
      ['figure', `full (${base.label})`, ...incremental.map((d) => d.figures.label), 'note'],
      ['wall time', ms(base.wallMs), ...incremental.map((d) => ms(d.figures.wallMs)), ''],
      [
        'share of full',
        '100%',
        ...incremental.map((d) => `${((d.figures.wallMs / base.wallMs) * 100).toFixed(2)}%`),
        'target < 5% unchanged',
      ],
      [
        'requests / partition',
        '-',
        ...incremental.map((d) =>
          (d.figures.requests / Math.max(1, d.figures.partitions)).toFixed(0),
        ),
        'page requests at the stand-in (target ≤ 1 unchanged)',
      ],
      [
        'orders served',
        base.orders.toLocaleString('en-US'),
        ...incremental.map((d) => d.ordersServed.toLocaleString('en-US')),
        'by the stand-in (the overlap window re-reads the last changes)',
      ],
      [
        'orders fetched',
        base.orders.toLocaleString('en-US'),
        ...incremental.map((d) => `${d.figures.ordersFetched} / ${d.figures.expectedOrders}`),
        'written by the run / expected',
      ],
      [
        'mode',
        'full',
        ...incremental.map((d) => d.mode),
        "the partition's read mode in the summary",
      ],
    ];
    for (const line of formatTable(rows, [
      'left',
      'right',
      ...incremental.map(() => 'right' as const),
      'left',
    ])) {
      console.log(line);
    }
  }

  details.beforeTargets?.();
  for (const verdict of judgeScale(figures)) {
    console.log(formatTarget(verdict.what, verdict.met, verdict.detail));
  }
  for (const run of [...full.map((d) => d.figures), ...incremental.map((d) => d.figures)]) {
    if (run.problems.length > 0) {
      console.log(
        `  NOTE: the ${run.label} run did not sync as specified: ${run.problems.join('; ')}. Its figures do not describe a correct sync.`,
      );
    }
  }
}
