import { ClientCertificateCredential, ClientSecretCredential } from '@azure/identity';

import type { DurableHttpRequest } from '../replay/durableHttp.js';
import {
  managedIdentityTokenSource,
  tokenScope,
  type ManagedIdentitySettings,
} from './managedIdentityToken.js';
import { HttpActivityError, type TokenSourceResolver } from './runHttpActivity.js';

/** Authority hosts of the Microsoft clouds, whose metadata MSAL discovers. */
const MICROSOFT_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/** The app settings DefaultAzureCredential's environment credential reads. */
export interface EnvironmentCredentialSettings extends ManagedIdentitySettings {
  readonly AZURE_TENANT_ID?: string | undefined;
  readonly AZURE_CLIENT_SECRET?: string | undefined;
  readonly AZURE_CLIENT_CERTIFICATE_PATH?: string | undefined;
  readonly AZURE_AUTHORITY_HOST?: string | undefined;
}

/**
 * Token sources as the extension resolves them: `ManagedIdentityTokenSource.GetTokenAsync` asks
 * `DefaultAzureCredential`, whose first credential that is configured answers. Of its chain, the
 * two an app's settings configure: the environment credential (AZURE_TENANT_ID, AZURE_CLIENT_ID
 * and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, against AZURE_AUTHORITY_HOST), else
 * the managed identity endpoint ({@link managedIdentityTokenSource}). Tokens are only returned to
 * go into the request's Authorization header: never logged or persisted.
 */
export function tokenSourceCredential(
  settings: EnvironmentCredentialSettings,
  fetchFn: typeof fetch,
): TokenSourceResolver {
  const tenantId = settings.AZURE_TENANT_ID;
  const clientId = settings.AZURE_CLIENT_ID;
  const secret = settings.AZURE_CLIENT_SECRET;
  const certificatePath = settings.AZURE_CLIENT_CERTIFICATE_PATH;
  if (!tenantId || !clientId || (!secret && !certificatePath)) {
    return managedIdentityTokenSource(settings, fetchFn);
  }
  const authorityHost = settings.AZURE_AUTHORITY_HOST;
  // A non-Microsoft authority (the local issuer) has no instance metadata for MSAL to discover.
  const options = authorityHost
    ? {
        authorityHost,
        ...(MICROSOFT_HOSTS.has(new URL(authorityHost).host)
          ? {}
          : { disableInstanceDiscovery: true }),
      }
    : {};
  const credential = secret
    ? new ClientSecretCredential(tenantId, clientId, secret, options)
    : new ClientCertificateCredential(tenantId, clientId, certificatePath ?? '', options);
  return async (source: NonNullable<DurableHttpRequest['tokenSource']>) => {
    try {
      return (await credential.getToken(tokenScope(source.resource))).token;
    } catch (error) {
      throw new HttpActivityError(
        `ManagedIdentityTokenSource: the environment credential (AZURE_CLIENT_ID ${clientId}) got no token for "${tokenScope(source.resource)}": ${(error as Error).message}`,
        { cause: error },
      );
    }
  };
}
