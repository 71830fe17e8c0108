import { ClientAssertionCredential, ManagedIdentityCredential } from '@azure/identity';

import type { FederatedManagedIdentityTokenSettings } from '../settings/readTokenSettings.js';
import type { AcquireToken } from './createLeaseCache.js';
import type { RetryPolicy } from './createMsalNetworkClient.js';
import { fromAzureAccessToken, toAzureRetryOptions } from './fromAzureAccessToken.js';
import { MICROSOFT_AUTHORITY_HOSTS } from './microsoftAuthorityHosts.js';
import type { TokenAcquisitionError } from './TokenAcquisitionError.js';
import { toTokenAcquisitionError } from './toTokenAcquisitionError.js';

/**
 * Gets the API token of the resource tenant as the multi-tenant app registration, proving it
 * with the user-assigned managed identity's token for the exchange audience
 * (`api://AzureADTokenExchange`) as the client assertion: Microsoft.Identity.Web's
 * `SignedAssertionFromManagedIdentity`, built from @azure/identity's ManagedIdentityCredential
 * and ClientAssertionCredential. Each credential keeps its own cache: the assertion callback is
 * answered from the identity token's cache (one endpoint request per identity-token refresh),
 * and the resource tenant is asked once per API-token lifetime. The SDKs retry outages; refusals
 * (400/401) are never retried.
 */
export function acquireWithFederatedManagedIdentity(
  settings: FederatedManagedIdentityTokenSettings,
  retry: RetryPolicy,
  options: { readonly trustedCaPem?: string } = {},
): AcquireToken {
  const retryOptions = toAzureRetryOptions(retry);
  const identity = new ManagedIdentityCredential({
    clientId: settings.managedIdentityClientId,
    retryOptions,
  });
  // The SDK rewraps whatever the callback throws as a message-only error: keep ours aside.
  let assertionFailure: TokenAcquisitionError | undefined;
  const getAssertion = async (): Promise<string> => {
    try {
      return (await identity.getToken(`${settings.exchangeAudience}/.default`)).token;
    } catch (error) {
      assertionFailure = toTokenAcquisitionError(error, settings, undefined, 'assertion');
      throw assertionFailure;
    }
  };
  const credential = new ClientAssertionCredential(
    settings.tenantId,
    settings.clientId,
    getAssertion,
    {
      authorityHost: settings.authorityHost,
      // For a host MSAL does not know (the local issuer), read its own metadata: no call to
      // the public instance discovery.
      disableInstanceDiscovery: !MICROSOFT_AUTHORITY_HOSTS.has(
        new URL(settings.authorityHost).host,
      ),
      retryOptions,
      ...(options.trustedCaPem === undefined ? {} : { tlsOptions: { ca: options.trustedCaPem } }),
    },
  );
  return async () => {
    assertionFailure = undefined;
    try {
      return fromAzureAccessToken(await credential.getToken(settings.scope));
    } catch (error) {
      throw assertionFailure ?? toTokenAcquisitionError(error, settings);
    }
  };
}
