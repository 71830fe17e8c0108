import { IssuerFault } from './IssuerFault.js';
import { readCappedBody } from './readCappedBody.js';

/** Largest discovery document or key set read; Entra's are a few KB. */
export const MAX_BODY_BYTES = 512 * 1024;

/** Largest error body looked into for Entra's error code. */
const MAX_ERROR_BODY_BYTES = 16 * 1024;

/** Entra's answer for a tenant that does not exist: HTTP 400 `invalid_tenant`, AADSTS90002. */
const TENANT_NOT_FOUND_ERROR = 'invalid_tenant';
const TENANT_NOT_FOUND_AADSTS = 90002;

/**
 * GETs a JSON object. Redirects are not followed (the metadata names the exact URLs), and
 * anything but a 200 with a JSON object body, in full before `signal` aborts, is a fault naming
 * the URL. The signal bounds the body as well as the headers, whatever `fetchImpl` does with it.
 *
 * @throws {IssuerFault} never anything else.
 */
export async function fetchJsonObject(
  fetchImpl: typeof fetch,
  url: string,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  try {
    return await untilAborted(fetchAndParse(fetchImpl, url, signal), signal);
  } catch (error) {
    if (error instanceof IssuerFault) throw error;
    if (signal.aborted) {
      throw new IssuerFault('ERR_ISSUER_TIMEOUT', `GET ${url} did not answer before the deadline`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new IssuerFault('ERR_ISSUER_UNREACHABLE', `GET ${url} failed: ${reason}`, {
      cause: error,
    });
  }
}

async function fetchAndParse(
  fetchImpl: typeof fetch,
  url: string,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const response = await fetchImpl(url, {
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal,
  });
  if (response.status !== 200) throw await statusFault(response, url);
  const text = await readCappedBody(response, url, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new IssuerFault('ERR_ISSUER_NOT_JSON', `GET ${url} answered a body that is not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new IssuerFault('ERR_ISSUER_NOT_JSON', `GET ${url} answered JSON that is not an object`);
  }
  return body as Record<string, unknown>;
}

async function statusFault(response: Response, url: string): Promise<IssuerFault> {
  const status = `GET ${url} answered HTTP ${response.status}`;
  if (response.status !== 400) {
    await response.body?.cancel();
    return new IssuerFault('ERR_ISSUER_HTTP_STATUS', status);
  }
  const body = await readCappedBody(response, url, MAX_ERROR_BODY_BYTES).catch(() => '');
  if (!namesUnknownTenant(body)) return new IssuerFault('ERR_ISSUER_HTTP_STATUS', status);
  return new IssuerFault(
    'ERR_TENANT_NOT_FOUND',
    `${status} ${TENANT_NOT_FOUND_ERROR} (AADSTS${TENANT_NOT_FOUND_AADSTS}): the tenant does not exist`,
  );
}

function namesUnknownTenant(body: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null) return false;
  const { error, error_codes: codes } = parsed as Record<string, unknown>;
  return (
    error === TENANT_NOT_FOUND_ERROR ||
    (Array.isArray(codes) && codes.includes(TENANT_NOT_FOUND_AADSTS))
  );
}

/** `work`, or a rejection as soon as `signal` aborts, even if `work` never settles. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
