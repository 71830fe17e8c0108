/** Largest discovery document or key set read; Entra's are a few KB. */
const MAX_BODY_LENGTH = 512 * 1024;

/**
 * GETs a JSON object. Redirects are not followed (the metadata names the exact URLs), and
 * anything but a 200 with a JSON object body within `timeoutMs` is an error naming the URL.
 */
export async function fetchJsonObject(
  fetchImpl: typeof fetch,
  url: string,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await fetchImpl(url, {
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal,
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`GET ${url} answered HTTP ${response.status}`);
  }
  const text = await response.text();
  if (text.length > MAX_BODY_LENGTH) {
    throw new Error(`GET ${url} answered more than ${MAX_BODY_LENGTH} characters`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET ${url} answered a body that is not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`GET ${url} answered JSON that is not an object`);
  }
  return body as Record<string, unknown>;
}
