/** Stable codes of {@link TokenAcquisitionError}; each names one thing to fix. */
export type TokenAcquisitionErrorCode =
  /** The client secret or certificate was refused (invalid_client). */
  | 'ERR_TOKEN_CLIENT_CREDENTIAL'
  /** The client id is unknown in the tenant (unauthorized_client). */
  | 'ERR_TOKEN_CLIENT_UNKNOWN'
  /** The scope or the resource it names is not valid (invalid_scope / invalid_resource). */
  | 'ERR_TOKEN_SCOPE'
  /** The API requires an app role assignment the caller does not hold. */
  | 'ERR_TOKEN_NOT_ASSIGNED'
  /** The managed-identity endpoint refused the request (400/401/403/404). */
  | 'ERR_TOKEN_MANAGED_IDENTITY'
  /** The authority's OpenID configuration could not be read: wrong host or tenant, untrusted TLS, or an outage. */
  | 'ERR_TOKEN_AUTHORITY'
  /** The SDK refused its configuration (authority, certificate...). */
  | 'ERR_TOKEN_CONFIGURATION'
  /** Any other refusal (4xx). */
  | 'ERR_TOKEN_REFUSED'
  /** The identity service failed or was unreachable after retries (5xx, 429, network). */
  | 'ERR_TOKEN_UNAVAILABLE'
  /** No answer within the acquisition deadline. */
  | 'ERR_TOKEN_TIMEOUT';

/**
 * A token could not be acquired. The message names the setting or the directory change that
 * fixes it and carries the service's error code (e.g. AADSTS7000215), never a token or secret.
 * `retryable` tells whether trying again later can help (outages) or not (configuration).
 */
export class TokenAcquisitionError extends Error {
  override name = 'TokenAcquisitionError';
  readonly code: TokenAcquisitionErrorCode;
  readonly retryable: boolean;
  /** HTTP status of the identity service's answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    code: TokenAcquisitionErrorCode,
    message: string,
    options: { retryable: boolean; status?: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable;
    this.status = options.status;
  }
}
