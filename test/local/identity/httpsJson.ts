import { request } from 'node:https';

/** A JSON response as the tests read it. */
export interface JsonResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Record<string, unknown>;
}

/**
 * Calls the local issuer trusting only its certificate (`ca`), which Node's global fetch
 * cannot be told to do.
 */
export function httpsJson(
  url: string,
  options: { ca: string; method?: 'GET' | 'POST'; form?: Record<string, string> },
): Promise<JsonResponse> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (body ? 'POST' : 'GET'),
        ca: options.ca,
        headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
