/**
 * The kind of answer a failure gets (RFC 6750 §3.1), decided only by {@link AUTH_FAILURES}.
 * `credentials_required`: 401 without an error code; `unavailable`: 503 with Retry-After;
 * `internal`: 500, a bug in this module.
 */
export type AuthFailureKind =
  | 'credentials_required'
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'unavailable'
  | 'internal';

/**
 * Every reason a request is refused, and the kind of answer it gets. The one place that decides
 * which failures are the caller's fault (4xx) and which are retryable (503).
 */
export const AUTH_FAILURES = {
  ERR_NO_CREDENTIALS: 'credentials_required',
  ERR_NOT_BEARER: 'credentials_required',

  ERR_HEADER_MULTIPLE: 'invalid_request',
  ERR_HEADER_MALFORMED: 'invalid_request',

  ERR_TOKEN_TOO_LARGE: 'invalid_token',
  ERR_TOKEN_MALFORMED: 'invalid_token',
  ERR_ALG_NOT_ALLOWED: 'invalid_token',
  ERR_TYP_INVALID: 'invalid_token',
  ERR_KID_MISSING: 'invalid_token',
  ERR_KID_UNKNOWN: 'invalid_token',
  ERR_KEY_TOO_SMALL: 'invalid_token',
  ERR_KEY_AMBIGUOUS: 'invalid_token',
  ERR_SIGNATURE_INVALID: 'invalid_token',
  ERR_CLAIM_MISSING: 'invalid_token',
  ERR_CLAIM_INVALID: 'invalid_token',
  ERR_ISS_UNTRUSTED: 'invalid_token',
  ERR_KEY_ISSUER_MISMATCH: 'invalid_token',
  ERR_VER_MISMATCH: 'invalid_token',
  ERR_AUD_MISMATCH: 'invalid_token',
  ERR_TID_MISMATCH: 'invalid_token',
  // Multi-tenant: the token's tid names no allowed tenant (ORDERS_API_ALLOWED_TENANTS).
  ERR_TENANT_NOT_ALLOWED: 'invalid_token',
  // The verifying key is not from the key set of the token's own tenant.
  ERR_KEY_TENANT_MISMATCH: 'invalid_token',
  ERR_EXPIRED: 'invalid_token',
  ERR_NOT_YET_VALID: 'invalid_token',
  ERR_IAT_INVALID: 'invalid_token',
  ERR_LIFETIME_INVALID: 'invalid_token',

  ERR_DELEGATED_TOKEN: 'insufficient_scope',
  ERR_IDTYP_NOT_APP: 'insufficient_scope',
  ERR_OID_SUB_MISMATCH: 'insufficient_scope',
  ERR_PUBLIC_CLIENT: 'insufficient_scope',
  ERR_CALLER_NOT_ALLOWED: 'insufficient_scope',
  ERR_ROLE_MISSING: 'insufficient_scope',

  ERR_METADATA_UNAVAILABLE: 'unavailable',
  ERR_KEYS_UNAVAILABLE: 'unavailable',
  // The authority does not know AZURE_TENANT_ID: a misconfiguration, still a 503 (the server
  // cannot judge any token), with its own problem code so that a client can stop retrying.
  ERR_TENANT_NOT_FOUND: 'unavailable',

  ERR_INTERNAL: 'internal',
} as const satisfies Record<string, AuthFailureKind>;

export type AuthFailureCode = keyof typeof AUTH_FAILURES;

/** The codes answered with 503: the identity provider's state, not the token, decided them. */
export type UnavailableFailureCode = {
  [Code in AuthFailureCode]: (typeof AUTH_FAILURES)[Code] extends 'unavailable' ? Code : never;
}[AuthFailureCode];

/**
 * Why a request was refused. `code` is stable and goes to the server log; the message is for
 * operators and never holds the token or its claim values, and is never sent to the caller.
 */
export class AuthFailure extends Error {
  readonly code: AuthFailureCode;
  /** Set on `unavailable` failures: when the key source may be asked again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: AuthFailureCode,
    message: string,
    options: { readonly cause?: unknown; readonly retryAfterSeconds?: number } = {},
  ) {
    // A refusal is an expected outcome that an anonymous caller can provoke at will (a forged
    // token per request), and its code says where it arose: capturing a stack trace would cost
    // more than several of the checks that decide it.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message, options.cause === undefined ? undefined : { cause: options.cause });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.name = 'AuthFailure';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get kind(): AuthFailureKind {
    return AUTH_FAILURES[this.code];
  }
}
