import type { HttpSender, SentResponse } from './sendHttp.js';
import type {
  DurableHttpRequest,
  DurableHttpResponse,
  HttpHeaderValues,
} from '../replay/durableHttp.js';

/** Gets a bearer token for a durable HTTP request's token source. */
export type TokenSourceResolver = (
  tokenSource: NonNullable<DurableHttpRequest['tokenSource']>,
) => Promise<string>;

/** What {@link runHttpActivity} uses to reach the network. */
export interface HttpActivityDeps {
  readonly send: HttpSender;
  readonly token: TokenSourceResolver;
}

/** A durable HTTP call that did not get an answer (the activity fails with this message). */
export class HttpActivityError extends Error {
  readonly code = 'ERR_DURABLE_HTTP';
  override name = 'HttpActivityError';
}

/**
 * .NET keeps these in `HttpContentHeaders`; the extension copies only `response.Headers` into the
 * DurableHttpResponse (DurableHttpResponse.CreateStringValuesHeaderDictionary), so they are absent.
 */
const CONTENT_HEADERS = new Set([
  'allow',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-md5',
  'content-range',
  'content-type',
  'expires',
  'last-modified',
]);

/**
 * Runs `BuiltIn::HttpActivity` as the extension's TaskHttpActivityShim does: the request's
 * headers, a body typed by its Content-Type header (default `text/plain`; multipart refused),
 * `Authorization: Bearer` from the token source, and the answer whatever its status.
 *
 * @param inputText The activity input: `[request]` JSON text.
 * @throws {HttpActivityError} when no answer came (network failure, token failure).
 */
export async function runHttpActivity(
  inputText: string | undefined,
  deps: HttpActivityDeps,
): Promise<DurableHttpResponse> {
  const [request] = JSON.parse(inputText ?? '[]') as DurableHttpRequest[];
  if (request === undefined) throw new HttpActivityError('The durable HTTP request is missing.');
  const headers: [string, string][] = [];
  let contentType = '';
  for (const [name, values] of Object.entries(request.headers ?? {})) {
    const list = typeof values === 'string' ? [values] : values;
    if (name.toLowerCase() !== 'content-type') {
      headers.push([name, list.join(', ')]);
      continue;
    }
    for (const value of list) {
      if (value.includes('multipart')) {
        throw new HttpActivityError('Multipart content is not supported with CallHttpAsync.');
      }
      contentType = value;
    }
  }
  const hasContent = request.content !== undefined && request.content !== null;
  if (hasContent) {
    const type = contentType || 'text/plain';
    const form = type.toLowerCase() === 'application/x-www-form-urlencoded';
    headers.push(['Content-Type', form ? `${type}; charset=utf-8` : type]);
  }
  if (request.tokenSource) {
    headers.push(['Authorization', `Bearer ${await deps.token(request.tokenSource)}`]);
  }
  let response: SentResponse;
  try {
    response = await deps.send({
      method: request.method,
      url: request.uri,
      headers,
      ...(hasContent ? { body: request.content } : {}),
    });
  } catch (error) {
    throw new HttpActivityError((error as Error).message, { cause: error });
  }
  return {
    statusCode: response.status,
    headers: responseHeaders(response.headers),
    content: response.body,
  };
}

/** Header values by name (the first spelling of a name wins), one string or several. */
function responseHeaders(headers: readonly (readonly [string, string])[]): HttpHeaderValues {
  const result: Record<string, string | string[]> = {};
  const names = new Map<string, string>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (CONTENT_HEADERS.has(lower)) continue;
    const key = names.get(lower) ?? name;
    names.set(lower, key);
    const seen = result[key];
    result[key] =
      seen === undefined ? value : [...(typeof seen === 'string' ? [seen] : seen), value];
  }
  return result;
}
