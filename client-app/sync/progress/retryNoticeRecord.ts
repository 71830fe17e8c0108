import { SYNC_FAILURES, type FailureKind, type SettingToCheck } from '../syncFailures.js';
import type { RetryNotice } from './RetryNotice.js';

/** Where the latest retry notice lives in the sync container (runs never overlap: one record). */
export const RETRY_NOTICE_PATH = 'state/retry-notice.json';

/**
 * The stored record: the notice, when it was posted, and the table's words for its code, so a
 * reader (the local stack's console) needs none of the client's code to explain it.
 */
export interface RetryNoticeRecord extends RetryNotice {
  readonly version: 1;
  /** When the attempt failed (ISO-8601 UTC). */
  readonly at: string;
  readonly summary: string;
  readonly settingToCheck?: SettingToCheck;
}

export function retryNoticeRecord(notice: RetryNotice, now: number): RetryNoticeRecord {
  const kind: FailureKind = SYNC_FAILURES[notice.code];
  return {
    version: 1,
    at: new Date(now).toISOString(),
    ...notice,
    summary: kind.summary,
    ...(kind.settingToCheck ? { settingToCheck: kind.settingToCheck } : {}),
  };
}
