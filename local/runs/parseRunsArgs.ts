import { parseArgs } from 'node:util';

export interface RunsArgs {
  readonly help: boolean;
  /** A run id, `latest`, or undefined to list runs. */
  readonly runId: string | undefined;
  readonly partition: string | undefined;
  readonly blobEndpoint: string;
  readonly container: string;
  readonly limit: number;
}

export const DEFAULT_BLOB_ENDPOINT = 'http://127.0.0.1:10000/devstoreaccount1';

export const RUNS_USAGE = `Usage: npm run runs -- [<runId>|latest [<partition>]] [--blob-endpoint URL] [--container NAME] [--limit N]
  (no run)        lists the newest runs: id, status, mode, partitions, orders
  <runId>|latest  prints that run's report as the summary npm start prints
  <partition>     prints the orders that run wrote for the partition, one JSON object a line
  --blob-endpoint the local stack's Azurite blob endpoint (default ${DEFAULT_BLOB_ENDPOINT});
                  ORDERS_STORAGE, when set, is used instead (any storage connection string)
  --container     the sync container (default orders-sync, as ORDERS_SYNC_CONTAINER)
  --limit N       how many runs to list (default 20)`;

/** @throws {TypeError} naming the bad argument. */
export function parseRunsArgs(argv: readonly string[]): RunsArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      'blob-endpoint': { type: 'string', default: DEFAULT_BLOB_ENDPOINT },
      container: { type: 'string', default: 'orders-sync' },
      limit: { type: 'string', default: '20' },
    },
  });
  if (positionals.length > 2) throw new TypeError('give at most a run id and a partition');
  const limit = Number(values.limit);
  if (!/^\d+$/.test(values.limit) || limit < 1 || limit > 1000) {
    throw new TypeError(`--limit must be an integer from 1 to 1000, got "${values.limit}"`);
  }
  const [runId, partition] = positionals;
  if (runId !== undefined && !/^(latest|[0-9A-Za-z-]{1,80})$/.test(runId)) {
    throw new TypeError(`"${runId}" is not a run id (like 20261202T064000Z-84f6b095) or "latest"`);
  }
  if (partition !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(partition)) {
    throw new TypeError(`"${partition}" is not a partition name (like emea)`);
  }
  return {
    help: values.help,
    runId,
    partition,
    blobEndpoint: values['blob-endpoint'].replace(/\/+$/, ''),
    container: values.container,
    limit,
  };
}
