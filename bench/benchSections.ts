/** One part of `npm run bench`, selectable by name. */
export interface BenchSection {
  readonly name: string;
  /** What it measures and against which target, for the report and `--help`. */
  readonly title: string;
  /** Prints its own table and target lines; bounded in time, cleans up after itself. */
  readonly run: () => Promise<void>;
}

/**
 * Every section, in the order a full run goes through them (cheap and in-process first). Each is
 * imported only when it runs, so one section's dependencies cannot slow or break another.
 */
export const BENCH_SECTIONS: readonly BenchSection[] = [
  {
    name: 'validation',
    title: 'Token validation per token: first sight, cached repeat, bare node:crypto (issue 2)',
    run: async () => (await import('./benchTokenValidation.js')).benchTokenValidation(),
  },
  {
    name: 'tokens',
    title: 'Token provider: acquisitions per 1,000 calls, cached call cost (issue 3)',
    run: async () => (await import('./benchTokenProvider.js')).benchTokenProvider(),
  },
  {
    name: 'durable',
    title: 'Local durable engine: fan-out of 1,000 no-op activities (issue 4)',
    run: async () => (await import('./benchDurableFanOut.js')).benchDurableFanOut(),
  },
  {
    name: 'server',
    title: 'Server app over loopback HTTP: health vs 403 path vs authorized orders (issue 2)',
    run: async () => (await import('./benchServerThroughput.js')).benchServerThroughput(),
  },
  {
    name: 'sync',
    title: 'Client sync: 100 partitions × 10 pages, 20 ms per request (issue 5)',
    run: async () => (await import('./benchSyncThroughput.js')).benchSyncThroughput(),
  },
  {
    name: 'tracing',
    title:
      'Tracing overhead (SDK on, spans dropped) vs off: server req/s and sync wall time, interleaved rounds (issue 14)',
    run: async () => (await import('./benchTracingOverhead.js')).benchTracingOverhead(),
  },
  {
    name: 'scale',
    title:
      'Sync at scale: 10k/100k/1M orders in one partition, peak RSS, incremental runs, delta reads (issue 11)',
    run: async () => (await import('./scale/benchScale.js')).benchScale(),
  },
];
