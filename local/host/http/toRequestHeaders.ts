import type { IncomingMessage } from 'node:http';

/**
 * The request's headers as one string per lower-case name: repeated headers are joined with
 * `, ` (cookies with `; `), as a fetch `Headers` would present them.
 */
export function toRequestHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    const value = raw[i + 1] ?? '';
    if (name === '' || name.startsWith(':')) continue;
    const existing = headers[name];
    headers[name] =
      existing === undefined ? value : `${existing}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return headers;
}

/** The absolute URL of a request as the app should see it (Host header, else the listener). */
export function requestUrl(request: IncomingMessage, fallbackOrigin: string): URL {
  const host = request.headers.host;
  const origin = host ? `http://${host}` : fallbackOrigin;
  try {
    return new URL(request.url ?? '/', origin);
  } catch {
    return new URL(request.url ?? '/', fallbackOrigin);
  }
}
