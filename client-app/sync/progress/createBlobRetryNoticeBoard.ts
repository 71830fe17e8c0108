import type { ContainerClient } from '@azure/storage-blob';

import type { Logger } from '../../../shared/logging/Logger.js';
import type { RetryNotice, RetryObserver } from './RetryNotice.js';
import { RETRY_NOTICE_PATH, retryNoticeRecord } from './retryNoticeRecord.js';

/** A failed notice write is logged at most this often: storage trouble must not flood the log. */
const LOG_INTERVAL_MS = 60_000;

/**
 * Publishes retry notices as one small blob (RETRY_NOTICE_PATH) in the client's own container,
 * where a console can poll it: an activity's p-retry waits never reach the orchestration's
 * custom status. Posting never blocks or throws; writes go one at a time and a burst collapses
 * to its latest notice, so a retry storm costs a few writes, not one per attempt.
 */
export function createBlobRetryNoticeBoard(
  container: ContainerClient,
  logger: Logger,
  now: () => number = Date.now,
): RetryObserver {
  const blob = container.getBlockBlobClient(RETRY_NOTICE_PATH);
  let next: RetryNotice | undefined;
  let writing = false;
  let containerReady = false;
  let lastLogged = Number.NEGATIVE_INFINITY;

  const write = async (notice: RetryNotice) => {
    if (!containerReady) {
      await container.createIfNotExists();
      containerReady = true;
    }
    const body = Buffer.from(JSON.stringify(retryNoticeRecord(notice, now())));
    await blob.uploadData(body, { blobHTTPHeaders: { blobContentType: 'application/json' } });
  };

  const drain = async () => {
    writing = true;
    for (let notice = next; notice !== undefined; notice = next) {
      next = undefined;
      try {
        await write(notice);
      } catch (error) {
        if (now() - lastLogged >= LOG_INTERVAL_MS) {
          lastLogged = now();
          logger.warn('retry notice not written', {
            failure: error instanceof Error ? error.name : 'unknown',
          });
        }
      }
    }
    writing = false;
  };

  return (notice) => {
    next = notice;
    if (!writing) void drain();
  };
}
