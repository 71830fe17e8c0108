import { randomUUID } from 'node:crypto';

/**
 * An error the local issuer answers with, shaped like Entra's: an OAuth `error`, an `AADSTS`
 * number, and a description that says what to fix. Thrown by the request handlers and turned
 * into the response body at the HTTP edge.
 */
export class EntraError extends Error {
  override name = 'EntraError';

  constructor(
    readonly status: 400 | 401 | 403,
    readonly error: string,
    readonly aadsts: number,
    description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }

  /** The JSON body Entra sends with a failed token request. */
  toBody(now: Date = new Date()): Record<string, unknown> {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = now
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return {
      error: this.error,
      error_description: `${this.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    };
  }
}

/** Entra's answer when a required form or query parameter is absent. */
export function missingParameter(name: string): EntraError {
  return new EntraError(
    400,
    'invalid_request',
    900144,
    `The request body must contain the following parameter: '${name}'.`,
  );
}

/** Entra's answer (401 `invalid_client`) when the client's credential does not prove it. */
export function invalidClient(aadsts: number, description: string): EntraError {
  return new EntraError(401, 'invalid_client', aadsts, description);
}
