import { InvalidContinuationTokenError } from './InvalidContinuationTokenError.js';

/** The query a token belongs to; a token only continues the query it was issued for. */
export interface PageBinding {
  readonly partition: string;
  /** `since` as ISO-8601 UTC, or null when unfiltered. */
  readonly since: string | null;
}

/** Where a read stands between two pages. */
export interface PagePosition {
  /** The table's own token for the next page. */
  readonly tableToken: string;
  /**
   * The watermark the read will end with, as ISO-8601 UTC with milliseconds: a full read's start
   * instant, or the greatest `updatedAt` a delta has read so far (its `since` before any).
   */
  readonly watermark: string;
}

/** v1 had no watermark; its tokens are refused so a client restarts rather than mis-resumes. */
const VERSION = 2;
const MAX_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** With the u flag this matches only unpaired surrogates, which no URL or key may carry. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Wraps the table's continuation token in this API's own format:
 * base64url(JSON `{ v: 2, p: partition, s: since | null, c: tableToken, w: watermark }`).
 * Callers must treat it as opaque; the version lets the format change without misreading old
 * tokens.
 */
export function encodeContinuationToken(binding: PageBinding, position: PagePosition): string {
  const envelope = {
    v: VERSION,
    p: binding.partition,
    s: binding.since,
    c: position.tableToken,
    w: position.watermark,
  };
  return Buffer.from(JSON.stringify(envelope)).toString('base64url');
}

/**
 * Unwraps a token from {@link encodeContinuationToken}. Everything in it is checked, so a forged
 * token gets a precise refusal rather than reaching the table service.
 *
 * @throws {InvalidContinuationTokenError} saying precisely why the token is not accepted.
 */
export function decodeContinuationToken(token: string, binding: PageBinding): PagePosition {
  if (token.length > MAX_LENGTH || !BASE64URL.test(token)) {
    throw invalid('is not a token this API issued (not base64url, or too long)');
  }
  const envelope = parseJson(Buffer.from(token, 'base64url').toString('utf8'));
  if (!isRecord(envelope)) throw invalid('is not a token this API issued');
  if (envelope.v !== VERSION) {
    throw invalid(`has an unsupported version; restart paging without a token`);
  }
  const { p, s, c, w } = envelope;
  if (
    typeof p !== 'string' ||
    !(s === null || typeof s === 'string') ||
    typeof c !== 'string' ||
    typeof w !== 'string'
  ) {
    throw invalid('is not a token this API issued');
  }
  if (p !== binding.partition) {
    throw invalid(`was issued for another partition, not "${binding.partition}"`);
  }
  if (s !== binding.since) {
    throw invalid(
      binding.since === null
        ? 'was issued for a query with "since"; repeat the same "since"'
        : 'was issued for a different "since"; repeat the same "since"',
    );
  }
  if (!isTableToken(c) || !isWatermark(w) || (s !== null && w < s)) {
    throw invalid('is not a token this API issued');
  }
  return { tableToken: c, watermark: w };
}

/**
 * The table's token is base64 JSON `{ nextPartitionKey, nextRowKey? }` of strings the SDK can put
 * in a URL: it throws on anything else, and on an unpaired surrogate, which would be a 500.
 */
function isTableToken(value: string): boolean {
  if (!BASE64.test(value)) return false;
  const parsed = parseJson(Buffer.from(value, 'base64').toString('utf8'));
  return (
    isRecord(parsed) &&
    isUrlSafeString(parsed.nextPartitionKey) &&
    (parsed.nextRowKey === undefined || isUrlSafeString(parsed.nextRowKey))
  );
}

function isUrlSafeString(value: unknown): boolean {
  return typeof value === 'string' && !LONE_SURROGATE.test(value);
}

/** Exactly what `Date#toISOString` writes, for a real instant (no 2026-02-30). */
function isWatermark(value: string): boolean {
  if (!ISO_MS_UTC.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(reason: string): InvalidContinuationTokenError {
  return new InvalidContinuationTokenError(`"continuationToken" ${reason}`);
}
