import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  formatProgress,
  formatSummary,
  formatUnfinishedRun,
  runsCommand,
} from '../../../local/stack/formatSyncReport.js';

describe('formatProgress', () => {
  it('formats the custom status the orchestration publishes', () => {
    assert.equal(
      formatProgress({ runId: 'r', done: 2, total: 6, failed: 1, orders: 1500 }),
      '  … partitions 2/6 done, 1500 orders so far, 1 failed',
    );
  });

  it('ignores anything else, and a status before the partitions are known', () => {
    for (const status of [
      undefined,
      null,
      'Running',
      { done: '2', total: 6 },
      { runId: 'r', done: 0, total: 0, failed: 0, orders: 0 },
    ]) {
      assert.equal(formatProgress(status), undefined);
    }
  });
});

describe('formatSummary', () => {
  it('prints a row per partition, the totals, the duration and where the data went', () => {
    const lines = formatSummary(
      {
        runId: 'run1',
        status: 'completedWithFailures',
        mode: 'incremental',
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:04.250Z',
        reportPath: 'runs/run1/report.json',
        partitions: [
          {
            name: 'emea',
            status: 'synced',
            mode: 'full',
            fullBecause: 'first sync of this partition',
            orders: 1260,
            pages: 3,
            chunks: 1,
            watermarkAfter: '2026-01-01T00:00:01.000Z',
          },
          {
            name: 'amer-east',
            status: 'synced',
            mode: 'incremental',
            orders: 4,
            pages: 1,
            chunks: 1,
            watermarkAfter: '2026-01-01T00:00:02.000Z',
          },
          {
            name: 'apac-south',
            status: 'failed',
            orders: 0,
            pages: 0,
            error: { code: 'ORDERS_API_FORBIDDEN', message: 'no Orders.Read assignment' },
          },
        ],
        totals: { partitions: 3, synced: 2, failed: 1, orders: 1264, pages: 4 },
      },
      runsCommand('http://127.0.0.1:10000/devstoreaccount1'),
    );
    assert.deepEqual(lines, [
      'Sync run1: completedWithFailures in 4.3 s, mode incremental',
      '  partition   status  read          orders  pages  chunks  watermark after',
      '  emea        synced  full            1260      3       1  2026-01-01T00:00:01.000Z',
      '  amer-east   synced  incremental        4      1       1  2026-01-01T00:00:02.000Z',
      '  apac-south  failed  -                  0      0  ORDERS_API_FORBIDDEN: no Orders.Read assignment',
      '  total       2/3                     1264      4',
      '  read in full: emea (first sync of this partition)',
      '  orders: npm run runs -- run1 <partition>',
      '  report: npm run runs -- run1',
    ]);
  });

  it('names the setting to check for failures that have one', () => {
    const lines = formatSummary(
      {
        runId: 'run2',
        status: 'completedWithFailures',
        mode: 'incremental',
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:00:01.000Z',
        partitions: ['emea', 'apac'].map((name) => ({
          name,
          status: 'failed',
          orders: 0,
          pages: 0,
          error: {
            code: 'ORDERS_API_CONNECTION_REFUSED',
            message: 'connection refused at http://127.0.0.1:1',
            settingToCheck: { app: 'client', name: 'ORDERS_API_BASE_URL' },
          },
        })),
        totals: { partitions: 2, synced: 0, failed: 2, orders: 0, pages: 0 },
      },
      runsCommand('http://127.0.0.1:52000/devstoreaccount1'),
    );
    assert.ok(
      lines.includes(
        '  report: npm run runs -- run2 --blob-endpoint http://127.0.0.1:52000/devstoreaccount1',
      ),
      'a stack on other ports names its blob endpoint',
    );
    assert.ok(
      lines.includes(
        '  check:  ORDERS_API_BASE_URL (client app) for ORDERS_API_CONNECTION_REFUSED (emea, apac)',
      ),
      lines.join('\n'),
    );
  });
});

describe('formatUnfinishedRun', () => {
  it("prints the orchestration's error as it is, and where the details are", () => {
    assert.deepEqual(
      formatUnfinishedRun(
        'Failed',
        'Sync r aborted: ERR_TOKEN_TENANT_NOT_FOUND: tenant x does not exist; check AZURE_TENANT_ID (client app)',
        runsCommand('http://127.0.0.1:10000/devstoreaccount1'),
      ),
      [
        '✗ Sync Failed: Sync r aborted: ERR_TOKEN_TENANT_NOT_FOUND: tenant x does not exist; check AZURE_TENANT_ID (client app)',
        '  details: npm run runs -- latest (the run report), and .local/logs/client-app.log',
      ],
    );
  });
});
