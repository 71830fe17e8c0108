import { SpanStatusCode } from '@opentelemetry/api';

import { instruments, tracer } from '../../shared/telemetry/instruments.js';
import { ATTR } from '../../shared/telemetry/telemetryNames.js';
import type { AccessTokenLease } from '../tokens/AccessTokenLease.js';
import { TokenAcquisitionError } from '../tokens/TokenAcquisitionError.js';
import type { TokenProvider } from '../tokens/createTokenProvider.js';

/**
 * Wraps a token provider so each `getToken` is a span `acquire token`: the credential kind, and
 * whether the provider's own lease cache answered (`hit`: the lease handed out before) or a new
 * token came from the credential (`miss`, with whether the SDK answered from its cache and the
 * token's fingerprint). Never the token or its claims. Counts acquisitions and cache hits.
 */
export function traceTokenProvider(provider: TokenProvider): TokenProvider {
  const credential = provider.describe().mode;
  let last: AccessTokenLease | undefined;
  return {
    describe: () => provider.describe(),
    getToken: () =>
      tracer().startActiveSpan(
        'acquire token',
        { attributes: { [ATTR.tokenCredential]: credential } },
        async (span) => {
          try {
            const lease = await provider.getToken();
            const hit = lease === last;
            last = lease;
            span.setAttribute(ATTR.tokenCache, hit ? 'hit' : 'miss');
            if (hit) {
              instruments().tokenCacheHits.add(1, { [ATTR.tokenCredential]: credential });
            } else {
              span.setAttributes({
                [ATTR.tokenSdkCache]: lease.fromCache,
                [ATTR.tokenFingerprint]: lease.fingerprint,
              });
              instruments().tokenAcquisitions.add(1, { [ATTR.tokenCredential]: credential });
            }
            return lease;
          } catch (error) {
            const code = error instanceof TokenAcquisitionError ? error.code : 'unknown';
            span.setAttribute(ATTR.failureCode, code);
            span.setStatus({ code: SpanStatusCode.ERROR, message: code });
            throw error;
          } finally {
            span.end();
          }
        },
      ),
  };
}
