/**
 * Durable HTTP (`context.df.callHttp`) as the extension runs it: the SDK's CallHttp action becomes
 * a call of the built-in activity `BuiltIn::HttpActivity` (azure-functions-durable-extension,
 * Options/HttpOptions.cs), whose input is `[request]` and whose result is the response.
 */
export const HTTP_ACTIVITY = 'BuiltIn::HttpActivity';

/** The extension's `HttpOptions.DefaultAsyncRequestSleepTimeMilliseconds` default. */
export const DEFAULT_HTTP_ASYNC_SLEEP_MS = 30_000;

/** Header values as the extension's `HttpHeadersConverter` writes them: one string or several. */
export type HttpHeaderValues = Readonly<Record<string, string | readonly string[]>>;

/** durable-functions' `DurableHttpRequest` as it arrives in a CallHttp action. */
export interface DurableHttpRequest {
  readonly method: string;
  readonly uri: string;
  readonly content?: string;
  readonly headers?: HttpHeaderValues;
  readonly tokenSource?: { readonly kind?: string; readonly resource: string };
  /** Default true: a 202 with a Location header is polled until it answers otherwise. */
  readonly asynchronousPatternEnabled?: boolean;
}

/** The extension's `DurableHttpResponse` JSON, the activity's result. */
export interface DurableHttpResponse {
  readonly statusCode: number;
  readonly headers: HttpHeaderValues;
  readonly content: string | null;
}

/** The first value of a header, matched case-insensitively (as the SDK's `getHeader`). */
export function headerValue(
  headers: HttpHeaderValues | undefined,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === lower);
  const value = key === undefined ? undefined : headers?.[key];
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * The GET that polls a 202's Location, as `DurableOrchestrationContext.CreateLocationPollRequest`
 * builds it: same headers and token source, no body, and no `x-functions-key` (the status
 * endpoint usually wants another key).
 */
export function locationPollRequest(
  request: DurableHttpRequest,
  location: string,
): DurableHttpRequest {
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'x-functions-key'),
  );
  return {
    method: 'GET',
    uri: new URL(location, request.uri).toString(),
    headers,
    ...(request.tokenSource ? { tokenSource: request.tokenSource } : {}),
    asynchronousPatternEnabled: request.asynchronousPatternEnabled ?? true,
  };
}
