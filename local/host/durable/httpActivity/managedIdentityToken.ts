import type { DurableHttpRequest } from '../replay/durableHttp.js';
import { HttpActivityError, type TokenSourceResolver } from './runHttpActivity.js';

/** The app settings the token source reads (App Service's managed identity endpoint). */
export interface ManagedIdentitySettings {
  readonly IDENTITY_ENDPOINT?: string;
  readonly IDENTITY_HEADER?: string;
  /** A user-assigned identity's client id, as DefaultAzureCredential's ManagedIdentityClientId. */
  readonly AZURE_CLIENT_ID?: string;
}

const DEFAULT_SCOPES = new Set([
  'https://management.core.windows.net',
  'https://management.core.windows.net/',
  'https://graph.microsoft.com',
  'https://graph.microsoft.com/',
]);

/**
 * The resource a token source asks for, as the extension's ManagedIdentityTokenSource
 * (management and graph become `.default` scopes) and Azure.Identity's scope-to-resource rule
 * (a trailing `/.default` is dropped) turn it into the endpoint's `resource`.
 */
export function tokenResource(resource: string): string {
  const scope = DEFAULT_SCOPES.has(resource) ? `${resource.replace(/\/$/, '')}/.default` : resource;
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}

/**
 * Resolves `ManagedIdentityTokenSource`s from the managed identity endpoint of the app's settings
 * (`IDENTITY_ENDPOINT` with `X-IDENTITY-HEADER`, api-version 2019-08-01), the credential
 * DefaultAzureCredential reaches on App Service; locally, the identity provider of local/identity.
 * The token only goes into the request's Authorization header: never logged or persisted.
 */
export function managedIdentityTokenSource(
  settings: ManagedIdentitySettings,
  fetchFn: typeof fetch,
): TokenSourceResolver {
  return async (source: NonNullable<DurableHttpRequest['tokenSource']>) => {
    if (source.kind !== undefined && source.kind !== 'AzureManagedIdentity') {
      throw new HttpActivityError(`Token source kind "${source.kind}" is not supported.`);
    }
    const endpoint = settings.IDENTITY_ENDPOINT;
    const secret = settings.IDENTITY_HEADER;
    if (!endpoint || !secret) {
      throw new HttpActivityError(
        'ManagedIdentityTokenSource: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set; put the local identity provider settings (npm run identity) in local.settings.json Values.',
      );
    }
    const url = new URL(endpoint);
    url.searchParams.set('api-version', '2019-08-01');
    url.searchParams.set('resource', tokenResource(source.resource));
    if (settings.AZURE_CLIENT_ID) url.searchParams.set('client_id', settings.AZURE_CLIENT_ID);
    let response: Response;
    try {
      response = await fetchFn(url, { headers: { 'X-IDENTITY-HEADER': secret } });
    } catch (error) {
      throw new HttpActivityError(
        `ManagedIdentityTokenSource: the managed identity endpoint did not answer (${(error as Error).message}).`,
        { cause: error },
      );
    }
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new HttpActivityError(
        `ManagedIdentityTokenSource: the managed identity endpoint answered ${response.status} for resource "${tokenResource(source.resource)}".`,
      );
    }
    return body.access_token;
  };
}
