import type { IncomingMessage } from 'node:http';

import { HostError } from '../core/HostError.js';

/** Default cap on a buffered request body: 100 MB, the Functions host's default limit. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;

/** The app setting the Functions host reads its request body limit (bytes) from. */
export const BODY_LIMIT_SETTING = 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT';

/**
 * The request body cap from `FUNCTIONS_REQUEST_BODY_SIZE_LIMIT`, else 100 MB.
 *
 * @throws {HostError} `ERR_HOST_APP_LOAD` when the setting is not a positive integer.
 */
export function readBodyLimit(settings: Readonly<Record<string, string | undefined>>): number {
  const text = settings[BODY_LIMIT_SETTING]?.trim();
  if (!text) return DEFAULT_MAX_BODY_BYTES;
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit <= 0) {
    throw new HostError(
      'ERR_HOST_APP_LOAD',
      `${BODY_LIMIT_SETTING} must be a positive number of bytes, got "${text}".`,
    );
  }
  return limit;
}

/**
 * Reads a request body into memory, refusing (without buffering the rest) past `maxBytes`.
 * Resolves to `'tooLarge'` then; the caller answers 413 and closes the connection.
 */
export async function readRequestBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<Buffer | 'tooLarge'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return 'tooLarge';
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) return 'tooLarge';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
