import { SpanStatusCode } from '@opentelemetry/api';

import { instruments, tracer } from '../../shared/telemetry/instruments.js';
import { ATTR } from '../../shared/telemetry/telemetryNames.js';
import type { RequestAuthenticator } from '../auth/RequestAuthenticator.js';

/**
 * Wraps an authenticator so each validation is a span `validate token` under the request's:
 * outcome (`accepted` / `refused`), the refusal code, the caller's client id and token version
 * (from a validated token only). Never the token, its header or other claims. Refusals are also
 * counted by code.
 */
export function traceAuthenticator<A extends RequestAuthenticator>(authenticator: A): A {
  const authenticate: RequestAuthenticator['authenticate'] = (headers, log) =>
    tracer().startActiveSpan('validate token', async (span) => {
      try {
        const outcome = await authenticator.authenticate(headers, log);
        if (outcome.ok) {
          span.setAttributes({
            [ATTR.authOutcome]: 'accepted',
            [ATTR.callerClientId]: outcome.caller.appId,
            [ATTR.callerTokenVersion]: outcome.caller.tokenVersion,
          });
        } else {
          span.setAttributes({
            [ATTR.authOutcome]: 'refused',
            [ATTR.authRefusalCode]: outcome.code,
            [ATTR.httpStatus]: outcome.response.status ?? 401,
          });
          span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.code });
          instruments().refusals.add(1, { [ATTR.authRefusalCode]: outcome.code });
        }
        return outcome;
      } finally {
        span.end();
      }
    });
  return Object.assign(Object.create(authenticator) as A, { authenticate });
}
