import type { AccessToken } from '@azure/identity';

import type { AcquiredToken } from './createLeaseCache.js';
import type { RetryPolicy } from './createMsalNetworkClient.js';

/**
 * An @azure/identity credential's token as the lease cache takes it: expiry and the SDK's own
 * refresh point (when it gives one) in epoch ms.
 */
export function fromAzureAccessToken(token: AccessToken): AcquiredToken {
  return {
    token: token.token,
    expiresOn: token.expiresOnTimestamp,
    ...(token.refreshAfterTimestamp === undefined
      ? {}
      : { refreshOn: token.refreshAfterTimestamp }),
    // The credential does not say; its cache answers until the refresh point.
    fromCache: false,
  };
}

/** Our retry tuning as @azure/identity credentials' `retryOptions`. */
export function toAzureRetryOptions(retry: RetryPolicy): {
  readonly maxRetries: number;
  readonly retryDelayInMs: number;
  readonly maxRetryDelayInMs: number;
} {
  return {
    maxRetries: retry.retries,
    retryDelayInMs: retry.minDelayMs,
    maxRetryDelayInMs: retry.maxDelayMs,
  };
}
