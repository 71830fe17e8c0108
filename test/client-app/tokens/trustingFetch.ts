import { request } from 'node:https';

/**
 * A `fetch` for GETs that trusts only `ca` (the local issuer's certificate), for code that
 * takes a fetch option; Node's global fetch cannot be given a CA.
 */
export function trustingFetch(ca: string): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = input instanceof Request ? input.url : String(input);
      const signal = init?.signal ?? undefined;
      const req = request(url, { method: 'GET', ca, ...(signal ? { signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') headers.set(name, value);
          }
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers }));
        });
      });
      req.on('error', reject);
      req.end();
    });
}
