import type { HttpResponseInit } from '@azure/functions';

import type { Logger } from '../../shared/logging/Logger.js';

import type { AuthFailureCode } from './AuthFailure.js';

/** The verified calling application, taken only from a validated token. */
export interface Caller {
  /** The caller's application (client) ID: `azp` (v2) or `appid` (v1). */
  readonly appId: string;
  /** The caller's service principal object ID (`oid`). */
  readonly objectId: string;
  readonly tokenVersion: '1.0' | '2.0';
}

export type AuthOutcome =
  | { readonly ok: true; readonly caller: Caller }
  | {
      readonly ok: false;
      /** Why, for telemetry and tests; never sent to the caller (the body is constant). */
      readonly code: AuthFailureCode;
      /** The complete RFC 6750 response: status, WWW-Authenticate, constant problem+json body. */
      readonly response: HttpResponseInit;
    };

/**
 * Decides whether a request may read orders. Implementations validate the bearer token
 * themselves; they never trust identity headers set by a proxy.
 */
export interface RequestAuthenticator {
  /**
   * @param log where this request's refusal lines go: its invocation's log, so they carry the
   *   invocation and trace ids. Default: the authenticator's own (process-level) logger.
   */
  authenticate(headers: Headers, log?: Logger): Promise<AuthOutcome>;
}
