import { ConfidentialClientApplication } from '@azure/msal-node';

import type { ConfidentialClientTokenSettings } from '../settings/readTokenSettings.js';
import type { AcquireToken } from './createLeaseCache.js';
import type { MsalNetworkClient } from './createMsalNetworkClient.js';
import { MICROSOFT_AUTHORITY_HOSTS } from './microsoftAuthorityHosts.js';
import type { ClientCertificate } from './readClientCertificate.js';
import { toTokenAcquisitionError } from './toTokenAcquisitionError.js';

/**
 * Gets app-only tokens with one MSAL ConfidentialClientApplication (its token cache is per
 * instance, so keep one per process), authenticating with the secret or the certificate
 * (SHA-256 thumbprint: a PS256 assertion with `x5t#S256`, plus the chain as `x5c`). For a
 * non-Microsoft authority host (the local issuer) the host goes in `knownAuthorities`, so MSAL
 * reads that host's own OpenID configuration and never calls the public instance discovery.
 */
export function acquireWithConfidentialClient(
  settings: ConfidentialClientTokenSettings,
  credential: { readonly clientSecret: string } | { readonly certificate: ClientCertificate },
  networkClient: MsalNetworkClient,
): AcquireToken {
  const host = new URL(settings.authorityHost).host;
  const application = new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      authority: `${settings.authorityHost}/${settings.tenantId}`,
      ...(MICROSOFT_AUTHORITY_HOSTS.has(host) ? {} : { knownAuthorities: [host] }),
      ...('clientSecret' in credential
        ? { clientSecret: credential.clientSecret }
        : {
            clientCertificate: {
              thumbprintSha256: credential.certificate.thumbprintSha256,
              privateKey: credential.certificate.privateKey,
              x5c: credential.certificate.chain,
            },
          }),
    },
    system: { networkClient },
  });
  return async ({ forceRefresh }) => {
    // A fault left from an earlier acquisition must not explain this one.
    networkClient.takeFault();
    try {
      const result = await application.acquireTokenByClientCredential({
        scopes: [settings.scope],
        // The lease cache refreshes 5 minutes before expiry, where MSAL would skip its cache too.
        skipCache: forceRefresh,
      });
      if (result === null || result.expiresOn === null) {
        throw new Error('MSAL returned no token');
      }
      return {
        token: result.accessToken,
        expiresOn: result.expiresOn.getTime(),
        ...(result.refreshOn === undefined ? {} : { refreshOn: result.refreshOn.getTime() }),
        fromCache: result.fromCache,
      };
    } catch (error) {
      throw toTokenAcquisitionError(error, settings, networkClient.takeFault());
    }
  };
}
