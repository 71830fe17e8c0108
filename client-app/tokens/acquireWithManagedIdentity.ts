import { ManagedIdentityCredential } from '@azure/identity';

import type { ManagedIdentityTokenSettings } from '../settings/readTokenSettings.js';
import type { RetryPolicy } from './createMsalNetworkClient.js';
import type { AcquireToken } from './createLeaseCache.js';
import { fromAzureAccessToken, toAzureRetryOptions } from './fromAzureAccessToken.js';
import { toTokenAcquisitionError } from './toTokenAcquisitionError.js';

/**
 * Gets tokens from the App Service / Functions managed-identity endpoint through
 * ManagedIdentityCredential (user-assigned when `userAssignedClientId` is set). The SDK already
 * retries 5xx, 429 (honouring Retry-After) and network failures, so this adds no retry of its
 * own; `retry` only tunes the SDK's. The SDK reads IDENTITY_ENDPOINT / IDENTITY_HEADER from
 * `process.env` itself and keeps a process-wide token cache.
 */
export function acquireWithManagedIdentity(
  settings: ManagedIdentityTokenSettings,
  retry: RetryPolicy,
): AcquireToken {
  const credential = new ManagedIdentityCredential({
    ...(settings.userAssignedClientId === undefined
      ? {}
      : { clientId: settings.userAssignedClientId }),
    retryOptions: toAzureRetryOptions(retry),
  });
  return async () => {
    try {
      return fromAzureAccessToken(await credential.getToken(settings.scope));
    } catch (error) {
      throw toTokenAcquisitionError(error, settings);
    }
  };
}
