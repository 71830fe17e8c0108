import { describeError } from '../core/describeError.js';

/**
 * A storage failure in one line: the service's error code, HTTP status and first line of its
 * message for an SDK `RestError` (whose message may be the raw response body, as the Tables
 * SDK's is), else the error as the host describes it.
 */
export function describeStorageError(error: unknown): string {
  if (!(error instanceof Error) || error.name !== 'RestError') return describeError(error);
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  const odata = odataError(error.message);
  const name = typeof code === 'string' ? code : odata?.code;
  if (name === undefined) return describeError(error);
  const status = typeof statusCode === 'number' ? ` (HTTP ${statusCode})` : '';
  const text = (odata?.text ?? error.message).split('\n')[0]?.trim();
  return `${name}${status}${text && !text.startsWith('{') ? `: ${text}` : ''}`;
}

function odataError(body: string): { code?: string; text?: string } | undefined {
  try {
    const parsed = JSON.parse(body) as {
      'odata.error'?: { code?: unknown; message?: { value?: unknown } };
    };
    const found = parsed['odata.error'];
    if (!found) return undefined;
    return {
      ...(typeof found.code === 'string' && { code: found.code }),
      ...(typeof found.message?.value === 'string' && { text: found.message.value }),
    };
  } catch {
    return undefined;
  }
}
