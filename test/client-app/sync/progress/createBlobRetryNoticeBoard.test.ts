/** The retry notice board on Azurite, read back through the local stack's reader. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { BlobServiceClient } from '@azure/storage-blob';

import { createBlobRetryNoticeBoard } from '../../../../client-app/sync/progress/createBlobRetryNoticeBoard.js';
import { startAzurite, type RunningAzurite } from '../../../../local/azurite/startAzurite.js';
import { createRetryNoticeReader } from '../../../../local/stack/readRetryNotice.js';
import { captureLogger } from '../../tokens/captureLogger.js';

describe('createBlobRetryNoticeBoard', () => {
  let azurite: RunningAzurite;
  before(async () => {
    azurite = await startAzurite();
  });
  after(() => azurite.stop());

  const notice = (attempt: number) => ({
    what: 'listing partitions',
    code: 'ORDERS_API_CONNECTION_REFUSED' as const,
    message: 'listing partitions: connection refused at http://127.0.0.1:1',
    attempt,
    retryInMs: 250 * attempt,
  });

  it('creates the container, keeps the latest of a burst, and never throws at the caller', async () => {
    const container = BlobServiceClient.fromConnectionString(
      azurite.connectionString,
    ).getContainerClient('notices-a');
    const post = createBlobRetryNoticeBoard(container, captureLogger(), () =>
      Date.parse('2026-12-01T10:00:00.000Z'),
    );
    const read = createRetryNoticeReader(azurite.connectionString, 'notices-a');
    assert.equal(await read(), undefined, 'nothing posted yet');
    for (let attempt = 1; attempt <= 5; attempt++) post(notice(attempt));
    // An upper bound on a few local writes, not a timing assertion.
    const deadline = Date.now() + 20_000;
    let seen = await read();
    while (seen?.attempt !== 5 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await read();
    }
    assert.deepEqual(seen, {
      at: '2026-12-01T10:00:00.000Z',
      what: 'listing partitions',
      code: 'ORDERS_API_CONNECTION_REFUSED',
      message: 'listing partitions: connection refused at http://127.0.0.1:1',
      summary: 'nothing listens at the Orders API URL (server app down, or a wrong host or port)',
      attempt: 5,
      retryInMs: 1250,
      settingToCheck: { app: 'client', name: 'ORDERS_API_BASE_URL' },
    });
  });
});
