/**
 * Why a document of the identity provider (a discovery document or the key set) was not taken.
 * Every fault leaves the last good copy in place; only `ERR_TENANT_NOT_FOUND` says the
 * configuration, not the provider, is at fault.
 */
export type IssuerFaultCode =
  /** No answer within the deadline. */
  | 'ERR_ISSUER_TIMEOUT'
  /** Connection refused or reset, DNS, TLS: no HTTP answer at all. */
  | 'ERR_ISSUER_UNREACHABLE'
  /** An HTTP status other than 200 (redirects included: they are not followed). */
  | 'ERR_ISSUER_HTTP_STATUS'
  /** The authority says the tenant does not exist (Entra: HTTP 400, AADSTS90002). */
  | 'ERR_TENANT_NOT_FOUND'
  | 'ERR_ISSUER_BODY_TOO_LARGE'
  | 'ERR_ISSUER_NOT_JSON'
  /** JSON, but not the document expected: no issuer, another tenant's issuer, no `keys`… */
  | 'ERR_ISSUER_DOCUMENT_INVALID'
  /** The discovery document names a key set outside the configured authority. */
  | 'ERR_ISSUER_FOREIGN_JWKS_URI'
  /** A key set without one RSA key usable for RS256 signatures (an empty set included). */
  | 'ERR_ISSUER_NO_USABLE_KEYS';

/** A refused identity-provider answer. The message names the URL, never a token. */
export class IssuerFault extends Error {
  readonly code: IssuerFaultCode;

  constructor(code: IssuerFaultCode, message: string, options: { readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IssuerFault';
    this.code = code;
  }
}
