import { IssuerFault } from './IssuerFault.js';

/**
 * Reads a response body as UTF-8 text, giving up as soon as more than `maxBytes` have arrived,
 * so a hostile or broken server cannot make us buffer an unbounded body before we look at it.
 *
 * @throws {IssuerFault} `ERR_ISSUER_BODY_TOO_LARGE` (announced or streamed), `ERR_ISSUER_NOT_JSON`
 *   for bytes that are not UTF-8.
 */
export async function readCappedBody(
  response: Response,
  url: string,
  maxBytes: number,
): Promise<string> {
  const tooLarge = () =>
    new IssuerFault('ERR_ISSUER_BODY_TOO_LARGE', `GET ${url} answered more than ${maxBytes} bytes`);
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (announced > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch (cause) {
    throw new IssuerFault('ERR_ISSUER_NOT_JSON', `GET ${url} answered bytes that are not UTF-8`, {
      cause,
    });
  }
}
