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
  readonly fetch: typeof fetch;
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
  const headers = new Headers();
  let contentType = '';
  for (const [name, values] of Object.entries(request.headers ?? {})) {
    for (const value of typeof values === 'string' ? [values] : values) {
      if (name.toLowerCase() !== 'content-type') {
        headers.append(name, value);
      } else if (value.includes('multipart')) {
        throw new HttpActivityError('Multipart content is not supported with CallHttpAsync.');
      } else {
        contentType = value;
      }
    }
  }
  if (request.content !== undefined && request.content !== null) {
    const type = contentType || 'text/plain';
    headers.set(
      'Content-Type',
      type.toLowerCase() === 'application/x-www-form-urlencoded' ? `${type}; charset=utf-8` : type,
    );
  }
  if (request.tokenSource) {
    headers.set('Authorization', `Bearer ${await deps.token(request.tokenSource)}`);
  }
  let response: Response;
  try {
    response = await deps.fetch(request.uri, {
      method: request.method,
      headers,
      ...(request.content === undefined || request.content === null
        ? {}
        : { body: request.content }),
    });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const message = cause instanceof Error ? cause.message : (error as Error).message;
    throw new HttpActivityError(message, { cause: error });
  }
  return {
    statusCode: response.status,
    headers: responseHeaders(response.headers),
    content: await response.text(),
  };
}

function responseHeaders(headers: Headers): HttpHeaderValues {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    if (CONTENT_HEADERS.has(name) || name === 'set-cookie') continue;
    result[name] = value;
  }
  const cookies = headers.getSetCookie();
  if (cookies.length > 0)
    result['set-cookie'] = cookies.length === 1 ? (cookies[0] as string) : cookies;
  return result;
}
