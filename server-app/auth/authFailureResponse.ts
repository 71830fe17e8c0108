import type { HttpResponseInit } from '@azure/functions';

import { problemResponse, type Problem } from '../../shared/http/problemResponse.js';
import {
  AUTH_FAILURES,
  type AuthFailure,
  type AuthFailureCode,
  type AuthFailureKind,
  type UnavailableFailureCode,
} from './AuthFailure.js';
import { UNAVAILABLE_DETAILS, UNAVAILABLE_PROBLEM_CODES } from './unavailableProblems.js';

/** The `realm` of every `WWW-Authenticate` challenge this API sends. */
export const BEARER_REALM = 'orders-api';

const challenge = (error?: string): string =>
  error === undefined
    ? `Bearer realm="${BEARER_REALM}"`
    : `Bearer realm="${BEARER_REALM}", error="${error}"`;

// Constant per kind: the precise reason stays in the server log, so a prober learns nothing
// about which check a forged token passed.
const RESPONSES: Record<
  AuthFailureKind,
  { readonly problem: Problem; readonly challenge: string | undefined }
> = {
  credentials_required: {
    problem: {
      status: 401,
      title: 'Authentication required',
      detail: 'Send an Entra ID access token in the Authorization header: Bearer <token>.',
    },
    challenge: challenge(),
  },
  invalid_request: {
    problem: {
      status: 400,
      title: 'Malformed Authorization header',
      detail: 'Send exactly one Authorization header of the form: Bearer <token>.',
      parameter: 'Authorization',
    },
    challenge: challenge('invalid_request'),
  },
  invalid_token: {
    problem: {
      status: 401,
      title: 'Invalid access token',
      detail:
        'The bearer token is malformed, expired, not signed by the trusted issuer, or not issued for this API.',
    },
    challenge: challenge('invalid_token'),
  },
  insufficient_scope: {
    problem: {
      status: 403,
      title: 'Insufficient permissions',
      detail:
        'This API admits only app-only tokens of allowed applications holding the required application role.',
    },
    challenge: challenge('insufficient_scope'),
  },
  unavailable: {
    problem: {
      status: 503,
      title: 'Token validation temporarily unavailable',
      detail: "The identity provider's signing keys could not be retrieved. Retry later.",
    },
    challenge: undefined,
  },
  internal: {
    problem: { status: 500, title: 'Token validation failed unexpectedly' },
    challenge: undefined,
  },
};

/** Default Retry-After for an `unavailable` failure that does not carry its own. */
const DEFAULT_RETRY_AFTER_SECONDS = 10;

/**
 * The complete HTTP answer to a failure: status, challenge or Retry-After, constant body. A 503
 * also says which fault it is in `code` ({@link UNAVAILABLE_PROBLEM_CODES}); every other kind
 * answers all of its codes alike.
 */
export function authFailureResponse(failure: AuthFailure): HttpResponseInit {
  const { problem, challenge: wwwAuthenticate } = RESPONSES[failure.kind];
  const headers: Record<string, string> = {};
  if (wwwAuthenticate !== undefined) headers['WWW-Authenticate'] = wwwAuthenticate;
  if (!isUnavailable(failure.code)) return problemResponse(problem, headers);
  headers['Retry-After'] = String(failure.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
  return problemResponse(
    {
      ...problem,
      detail: UNAVAILABLE_DETAILS[failure.code],
      code: UNAVAILABLE_PROBLEM_CODES[failure.code],
    },
    headers,
  );
}

function isUnavailable(code: AuthFailureCode): code is UnavailableFailureCode {
  return AUTH_FAILURES[code] === 'unavailable';
}
