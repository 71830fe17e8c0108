import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { SpanRecord } from '../../../shared/telemetry/SpanRecord.js';
import { runTraceCli } from '../../../local/trace/runTraceCli.js';

const T = 'a'.repeat(32);
const span = (
  service: string,
  spanId: string,
  parentSpanId: string | undefined,
  name: string,
  startMs: number,
  endMs: number,
  attributes: SpanRecord['attributes'] = {},
  status: SpanRecord['status'] = 'unset',
): SpanRecord => ({
  service,
  traceId: T,
  spanId,
  ...(parentSpanId ? { parentSpanId } : {}),
  name,
  kind: 'internal',
  startMs,
  endMs,
  status,
  attributes,
});

const RUN = '20261202T171231Z-7b95a3ab';
const CLIENT: SpanRecord[] = [
  span('orders-sync-client', '1'.repeat(16), undefined, 'timer ordersSyncTimer', 0, 50),
  span('orders-sync-client', '2'.repeat(16), '1'.repeat(16), 'sync run', 40, 1040, {
    'orders.run_id': RUN,
    'orders.run.status': 'completed',
    'orders.count': 12,
  }),
  span('orders-sync-client', '3'.repeat(16), '2'.repeat(16), 'activity ordersSyncChunk', 100, 900, {
    'orders.run_id': RUN,
    'orders.partition': 'emea',
  }),
  span('orders-sync-client', '4'.repeat(16), '3'.repeat(16), 'acquire token', 100, 110, {
    'orders.token.credential': 'client-certificate',
    'orders.token.cache': 'miss',
  }),
  ...Array.from({ length: 12 }, (_, i) =>
    span(
      'orders-sync-client',
      `5${String(i).padStart(15, '0')}`,
      '3'.repeat(16),
      'GET /api/orders',
      120 + i * 60,
      170 + i * 60,
      {
        'http.response.status_code': i === 11 ? 503 : 200,
      },
      i === 11 ? 'error' : 'unset',
    ),
  ),
];
const SERVER: SpanRecord[] = [
  span('orders-api', '6'.repeat(16), `5${'0'.repeat(15)}`, 'GET /api/orders', 125, 165, {
    'http.response.status_code': 200,
  }),
  span(
    'orders-api',
    '7'.repeat(16),
    '6'.repeat(16),
    'validate token',
    126,
    127,
    {
      'orders.auth.outcome': 'refused',
      'orders.auth.refusal_code': 'ERR_EXPIRED',
    },
    'error',
  ),
];

describe('runTraceCli', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'trace-cli-'));
    const lines = (records: SpanRecord[]) =>
      `${records.map((r) => JSON.stringify(r)).join('\n')}\n{"cut`;
    await writeFile(path.join(dir, 'orders-sync-client.ndjson'), lines(CLIENT));
    await writeFile(path.join(dir, 'orders-api.ndjson'), lines(SERVER));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function run(...argv: string[]): Promise<{ code: number; out: string[] }> {
    const out: string[] = [];
    const code = await runTraceCli({ argv, defaultTraceDir: dir, write: (l) => out.push(l) });
    return { code, out };
  }

  it('prints the latest run as a tree across both apps, folding long runs of siblings', async () => {
    const { code, out } = await run('latest', '--trace-dir', dir);
    assert.equal(code, 0);
    assert.equal(out[0], `Run ${RUN} · trace ${T}`);
    assert.match(
      out[1] ?? '',
      /^1\.0 s · 18 spans · orders-api \+ orders-sync-client · 2 with errors \(✗\)$/,
    );
    const names = out.slice(4).map((line) => line.slice(0, 44).trimEnd());
    assert.deepEqual(names.slice(0, 7), [
      'timer ordersSyncTimer',
      '└ sync run',
      '  └ activity ordersSyncChunk',
      '    ├ acquire token',
      '    ├ GET /api/orders',
      '    │ └ GET /api/orders',
      '    │   └ ✗ validate token',
    ]);
    assert.equal(names.at(-1), '    └ … 4 more "GET /api/orders"');
    assert.match(out.at(-1) ?? '', /200 ms {2}in all, 1 ✗$/);
    const tokenLine = out.find((line) => line.includes('acquire token')) ?? '';
    assert.match(tokenLine, /10 ms {2}client-certificate · cache miss$/);
    const refusal = out.find((line) => line.includes('validate token')) ?? '';
    assert.match(refusal, /refused · ERR_EXPIRED$/);
  });

  it('shows every span with --all, and lists runs without an id', async () => {
    assert.equal((await run(RUN, '--all')).out.length, 4 + 18);
    const { code, out } = await run();
    assert.equal(code, 0);
    assert.match(out[1] ?? '', new RegExp(`^  ${RUN}  ended `));
  });

  it('says so for an unknown run, an empty folder and a bad argument', async () => {
    assert.deepEqual(await run('nope'), {
      code: 1,
      out: [`No spans of run nope in ${dir}; npm run trace lists the runs recorded.`],
    });
    const empty = await run('latest', '--trace-dir', path.join(dir, 'none'));
    assert.equal(empty.code, 1);
    assert.match(empty.out[0] ?? '', /^No spans recorded in /);
    assert.equal((await run('--bogus')).code, 2);
  });
});
