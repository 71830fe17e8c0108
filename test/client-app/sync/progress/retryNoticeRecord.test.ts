import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { retryNoticeRecord } from '../../../../client-app/sync/progress/retryNoticeRecord.js';

describe('retryNoticeRecord', () => {
  it("adds the time and the table's summary and setting, so a reader needs no client code", () => {
    assert.deepEqual(
      retryNoticeRecord(
        {
          what: 'listing partitions',
          code: 'ORDERS_API_CONNECTION_REFUSED',
          message: 'listing partitions: connection refused at http://127.0.0.1:1',
          attempt: 2,
          retryInMs: 500,
        },
        Date.parse('2026-12-01T10:00:00.000Z'),
      ),
      {
        version: 1,
        at: '2026-12-01T10:00:00.000Z',
        what: 'listing partitions',
        code: 'ORDERS_API_CONNECTION_REFUSED',
        message: 'listing partitions: connection refused at http://127.0.0.1:1',
        attempt: 2,
        retryInMs: 500,
        summary: 'nothing listens at the Orders API URL (server app down, or a wrong host or port)',
        settingToCheck: { app: 'client', name: 'ORDERS_API_BASE_URL' },
      },
    );
  });
});
