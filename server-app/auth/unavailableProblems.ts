import type { UnavailableFailureCode } from './AuthFailure.js';

/**
 * The `code` member of a 503 problem body: which kind of fault keeps the server from judging
 * any token, for a client to report and act on. Stable, part of the API's contract.
 */
export const UNAVAILABLE_PROBLEM_CODES = {
  /** The tenant's OpenID discovery documents cannot be had: an outage, retry later. */
  ERR_METADATA_UNAVAILABLE: 'ISSUER_METADATA_UNAVAILABLE',
  /** The tenant's signing keys cannot be had: an outage, retry later. */
  ERR_KEYS_UNAVAILABLE: 'ISSUER_KEYS_UNAVAILABLE',
  /** The authority says the server's tenant does not exist: its AZURE_TENANT_ID is wrong. */
  ERR_TENANT_NOT_FOUND: 'TENANT_NOT_FOUND',
} as const satisfies Record<UnavailableFailureCode, string>;

export type UnavailableProblemCode =
  (typeof UNAVAILABLE_PROBLEM_CODES)[keyof typeof UNAVAILABLE_PROBLEM_CODES];

/** The `detail` of each 503: what is wrong, never the tenant, a URL or the provider's text. */
export const UNAVAILABLE_DETAILS: Record<UnavailableFailureCode, string> = {
  ERR_METADATA_UNAVAILABLE:
    "The identity provider's OpenID metadata could not be retrieved. Retry later.",
  ERR_KEYS_UNAVAILABLE: "The identity provider's signing keys could not be retrieved. Retry later.",
  ERR_TENANT_NOT_FOUND:
    "The identity provider does not know the server's tenant: the server is misconfigured. Retrying will not help until it is fixed.",
};
