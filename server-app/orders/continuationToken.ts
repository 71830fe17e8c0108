import { InvalidContinuationTokenError } from './InvalidContinuationTokenError.js';

/** The query a token belongs to; a token only continues the query it was issued for. */
export interface PageBinding {
  readonly partition: string;
  /** `since` as ISO-8601 UTC, or null when unfiltered. */
  readonly since: string | null;
}

const VERSION = 1;
const MAX_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Wraps the table SDK's continuation token in this API's own format:
 * base64url(JSON `{ v: 1, p: partition, s: since | null, c: sdkToken }`). Callers must treat it
 * as opaque; the version lets the format change without misreading old tokens.
 */
export function encodeContinuationToken(binding: PageBinding, sdkToken: string): string {
  const envelope = { v: VERSION, p: binding.partition, s: binding.since, c: sdkToken };
  return Buffer.from(JSON.stringify(envelope)).toString('base64url');
}

/**
 * Unwraps a token from {@link encodeContinuationToken}, returning the SDK's token.
 *
 * @throws {InvalidContinuationTokenError} saying precisely why the token is not accepted.
 */
export function decodeContinuationToken(token: string, binding: PageBinding): string {
  if (token.length > MAX_LENGTH || !BASE64URL.test(token)) {
    throw invalid('is not a token this API issued (not base64url, or too long)');
  }
  const envelope = parseJson(Buffer.from(token, 'base64url').toString('utf8'));
  if (!isRecord(envelope)) throw invalid('is not a token this API issued');
  if (envelope.v !== VERSION) {
    throw invalid(`has an unsupported version; restart paging without a token`);
  }
  const { p, s, c } = envelope;
  if (typeof p !== 'string' || !(s === null || typeof s === 'string') || typeof c !== 'string') {
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
  if (!isSdkToken(c)) throw invalid('is not a token this API issued');
  return c;
}

/** The SDK's token is base64 JSON `{ nextPartitionKey, nextRowKey? }`; it throws on anything else. */
function isSdkToken(value: string): boolean {
  if (!BASE64.test(value)) return false;
  const parsed = parseJson(Buffer.from(value, 'base64').toString('utf8'));
  return (
    isRecord(parsed) &&
    typeof parsed.nextPartitionKey === 'string' &&
    (parsed.nextRowKey === undefined || typeof parsed.nextRowKey === 'string')
  );
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
