import { readFile } from 'node:fs/promises';

import { readTokenSettings } from '../../client-app/settings/readTokenSettings.js';
import { createTokenProvider } from '../../client-app/tokens/createTokenProvider.js';
import type { RunningIdentityProvider } from '../../local/identity/startIdentityProvider.js';
import { silentLogger } from '../../shared/logging/Logger.js';

/**
 * A real `Authorization` header for a registered client of the local identity provider, obtained
 * the way the daemon gets one (MSAL, client secret, scope `{appIdUri}/.default`). The token stays
 * inside the returned header: it is never printed.
 *
 * @throws {Error} naming the client when local/identity/tenant.json has no such client with a secret.
 */
export async function fetchClientAuthorization(
  identity: RunningIdentityProvider,
  displayName: string,
): Promise<string> {
  const client = identity.tenant.clients.find((c) => c.displayName === displayName);
  if (client?.secret === undefined) {
    throw new Error(`local/identity/tenant.json has no client "${displayName}" with a secret`);
  }
  const provider = createTokenProvider(
    readTokenSettings({
      AZURE_AUTHORITY_HOST: identity.authorityHost,
      AZURE_TENANT_ID: identity.tenantId,
      AZURE_CLIENT_ID: client.clientId,
      AZURE_CLIENT_SECRET: client.secret,
      ORDERS_API_SCOPE: `${identity.tenant.api.appIdUri}/.default`,
    }),
    { logger: silentLogger, trustedCaPem: await readFile(identity.caCertPath, 'utf8') },
  );
  return (await provider.getToken()).bearerHeader();
}
