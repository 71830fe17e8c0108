import type { IncomingMessage } from 'node:http';

/** Default cap on a buffered request body: 100 MB, the Functions host's default limit. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;

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
