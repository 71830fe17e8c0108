import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  formatRetryNotice,
  formatRetryWait,
  toRetryNoticeView,
} from '../../../local/stack/formatRetryNotice.js';

const record = {
  version: 1,
  at: '2026-12-01T10:00:00.000Z',
  what: 'listing partitions',
  code: 'ORDERS_API_CONNECTION_REFUSED',
  message:
    'listing partitions: connection refused at http://127.0.0.1:7999: the server app is not running there; check ORDERS_API_BASE_URL',
  attempt: 1,
  retryInMs: 250,
  summary: 'nothing listens at the Orders API URL (server app down, or a wrong host or port)',
  settingToCheck: { app: 'client', name: 'ORDERS_API_BASE_URL' },
};

describe('toRetryNoticeView', () => {
  it('reads the record the client writes, and nothing else', () => {
    const view: Record<string, unknown> = { ...record };
    delete view.version;
    assert.deepEqual(toRetryNoticeView(record), view);
    for (const other of [undefined, null, 'x', { ...record, attempt: '1' }, { at: 'x' }]) {
      assert.equal(toRetryNoticeView(other), undefined);
    }
  });
});

describe('formatRetryNotice', () => {
  it('says what failed, what the retry waits for, the likely cause and the setting to check', () => {
    const view = toRetryNoticeView(record);
    assert.ok(view);
    assert.equal(
      formatRetryNotice(view),
      '  ↻ listing partitions: attempt 1 failed, ORDERS_API_CONNECTION_REFUSED: listing partitions: connection ' +
        'refused at http://127.0.0.1:7999: the server app is not running there; check ORDERS_API_BASE_URL; ' +
        'retry in 0.3 s. Likely: nothing listens at the Orders API URL (server app down, or a wrong host or ' +
        'port). Check ORDERS_API_BASE_URL (client app).',
    );
  });
});

describe('formatRetryWait', () => {
  it("formats the orchestration's durable wait from its custom status", () => {
    const status = {
      runId: 'r',
      done: 0,
      total: 0,
      failed: 0,
      orders: 0,
      retry: {
        what: 'listing partitions',
        attempt: 2,
        of: 3,
        at: '2026-12-01T10:00:15.000Z',
        failure: {
          code: 'ERR_TOKEN_AUTHORITY_UNREACHABLE',
          message:
            'connection refused at https://127.0.0.1:8443/t/v2.0/.well-known/openid-configuration',
          settingToCheck: { app: 'client', name: 'AZURE_AUTHORITY_HOST' },
        },
      },
    };
    assert.equal(
      formatRetryWait(status, Date.parse('2026-12-01T10:00:00.000Z')),
      '  ↻ listing partitions: attempt 2 of 3 at 2026-12-01T10:00:15Z (in 15 s) after ' +
        'ERR_TOKEN_AUTHORITY_UNREACHABLE: connection refused at ' +
        'https://127.0.0.1:8443/t/v2.0/.well-known/openid-configuration. Check AZURE_AUTHORITY_HOST (client app).',
    );
    assert.equal(formatRetryWait({ done: 1, total: 2 }, 0), undefined);
    assert.equal(formatRetryWait(undefined, 0), undefined);
  });
});
