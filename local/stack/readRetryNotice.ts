import { BlobServiceClient } from '@azure/storage-blob';

import { toRetryNoticeView, type RetryNoticeView } from './formatRetryNotice.js';

/** Where the client writes its latest retry notice (client-app/sync/progress/retryNoticeRecord.ts). */
const RETRY_NOTICE_PATH = 'state/retry-notice.json';

/**
 * A reader of the client's retry notice in its sync container: undefined while there is none
 * or it cannot be read (the console only misses a line, the run goes on).
 */
export function createRetryNoticeReader(
  connectionString: string,
  container: string,
): () => Promise<RetryNoticeView | undefined> {
  const blob = BlobServiceClient.fromConnectionString(connectionString)
    .getContainerClient(container)
    .getBlockBlobClient(RETRY_NOTICE_PATH);
  return async () => {
    try {
      return toRetryNoticeView(JSON.parse((await blob.downloadToBuffer()).toString('utf8')));
    } catch {
      // Missing, or caught mid-overwrite (a short read, half a JSON text): the next poll sees it.
      return undefined;
    }
  };
}
