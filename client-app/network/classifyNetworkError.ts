/** What kind of network failure an error is, as far as its codes tell. */
export type NetworkFailureKind =
  /** Nothing listens at the address (ECONNREFUSED): the service is down, or the port is wrong. */
  | 'refused'
  /** The host name does not resolve (ENOTFOUND, EAI_AGAIN). */
  | 'dns'
  /** TLS failed: an untrusted or mismatched certificate, or TLS spoken to a plain-http port. */
  | 'tls'
  /** No answer in time. */
  | 'timeout'
  /** Any other socket failure (reset, unreachable network...). */
  | 'other';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const TIMEOUT = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Classifies a failed request's error by the codes node:net, node:tls and undici put on it,
 * looking through `cause` and AggregateError (Happy Eyeballs tries every address of a host).
 * @returns undefined when the error is not a network failure.
 */
export function classifyNetworkError(error: unknown): NetworkFailureKind | undefined {
  const codes: string[] = [];
  const names: string[] = [];
  collect(error, codes, names, 0);
  if (names.includes('TimeoutError') || codes.some((c) => TIMEOUT.has(c))) return 'timeout';
  if (codes.includes('ECONNREFUSED')) return 'refused';
  if (codes.some((c) => DNS.has(c))) return 'dns';
  if (codes.some((c) => /CERT|^ERR_TLS_|^ERR_SSL_|SELF_SIGNED|UNABLE_TO_VERIFY/.test(c))) {
    return 'tls';
  }
  if (
    names.includes('AbortError') ||
    codes.some((c) => /^E[A-Z]+$/.test(c) || c.startsWith('UND_ERR_SOCKET'))
  ) {
    return 'other';
  }
  return undefined;
}

function collect(value: unknown, codes: string[], names: string[], depth: number): void {
  if (depth > 4 || typeof value !== 'object' || value === null) return;
  const { code, name, cause, errors } = value as {
    code?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') codes.push(code);
  if (typeof name === 'string') names.push(name);
  if (value instanceof Error && value.message === 'socket hang up') codes.push('ECONNRESET');
  collect(cause, codes, names, depth + 1);
  if (Array.isArray(errors)) for (const inner of errors) collect(inner, codes, names, depth + 1);
}
