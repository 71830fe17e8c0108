import type { SyncFailureCode } from '../syncFailures.js';

/**
 * One failed attempt that is about to be retried in place (p-retry in the Orders API client,
 * or below MSAL for the identity provider), reported so that a console can say what the sync
 * waits for. Built from our own words and codes: never a token, never order data.
 */
export interface RetryNotice {
  /** What was being done: `listing partitions`, `reading partition emea`, `getting a token`. */
  readonly what: string;
  readonly code: SyncFailureCode;
  /** The failure as the final error would say it, e.g. naming the URL that refused. */
  readonly message: string;
  /** The attempt that failed; 1 is the first. */
  readonly attempt: number;
  /** Roughly when the next attempt starts, in ms from now; absent when none follows. */
  readonly retryInMs?: number;
}

/** Where failed attempts are reported; must never throw or block the caller. */
export type RetryObserver = (notice: RetryNotice) => void;
