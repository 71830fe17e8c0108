import http from 'node:http';
import https from 'node:https';

/** A request as the built-in HTTP activity sends it (header names as the caller wrote them). */
export interface SendRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

/** The answer, header names as the server sent them (`rawHeaders`), in order. */
export interface SentResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

/** Sends one durable HTTP request; rejects when no answer came. */
export type HttpSender = (request: SendRequest) => Promise<SentResponse>;

/** HttpClient's default `MaxAutomaticRedirections`. */
const MAX_REDIRECTS = 50;

/**
 * Sends with node:http(s), following redirects as .NET's HttpClient does by default (up to 50;
 * 301/302 turn a POST into a GET and 303 anything but HEAD, dropping the body; the
 * Authorization header is not carried to the next location). Unlike `fetch`, it keeps the
 * header names' case, which the extension's DurableHttpResponse keeps.
 */
export const sendHttp: HttpSender = async (request) => {
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = await sendOnce(current);
    const location = headerOf(response.headers, 'location');
    if (!isRedirect(response.status) || location === undefined || hop >= MAX_REDIRECTS) {
      return response;
    }
    const toGet =
      (response.status === 303 && current.method.toUpperCase() !== 'HEAD') ||
      ((response.status === 301 || response.status === 302) &&
        current.method.toUpperCase() === 'POST');
    const headers = current.headers.filter(([name]) => {
      const lower = name.toLowerCase();
      return lower !== 'authorization' && !(toGet && lower === 'content-type');
    });
    current = {
      method: toGet ? 'GET' : current.method,
      url: new URL(location, current.url).toString(),
      headers,
      ...(toGet || current.body === undefined ? {} : { body: current.body }),
    };
  }
};

const isRedirect = (status: number): boolean => [301, 302, 303, 307, 308].includes(status);

const headerOf = (
  headers: readonly (readonly [string, string])[],
  name: string,
): string | undefined => headers.find(([n]) => n.toLowerCase() === name)?.[1];

function sendOnce(request: SendRequest): Promise<SentResponse> {
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: request.method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const raw = res.rawHeaders;
        const headers: [string, string][] = [];
        for (let i = 0; i + 1 < raw.length; i += 2) {
          headers.push([raw[i] as string, raw[i + 1] as string]);
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on('error', reject);
    for (const [name, value] of request.headers) req.setHeader(name, value);
    req.end(request.body);
  });
}
