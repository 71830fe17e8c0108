import { startTestIssuer, type TestIssuer } from './testIssuer.js';

/** Two tenants behind one authority host, each with its own metadata and keys. */
export interface TwoTenantIssuers {
  /** Serves `home.tenantId`'s documents; the authenticator's `authorityHost`. */
  readonly home: TestIssuer;
  /** The second tenant's issuer; its documents are reached through `fetch` under home's origin. */
  readonly other: TestIssuer;
  /** `iss` of the other tenant's v2 tokens, under home's origin. */
  readonly otherV2Issuer: string;
  /** A fetch that serves `{home origin}/{other tenant}/…` from `other`, its origin rewritten. */
  readonly fetch: typeof fetch;
  close(): Promise<void>;
}

/**
 * Starts a test issuer per tenant and joins them under one authority host, as Entra serves
 * every tenant from login.microsoftonline.com: the other tenant's documents (issuer, jwks_uri,
 * the keys' issuer members) name the home origin, its keys stay its own.
 */
export async function startTwoTenantIssuers(
  homeTenantId: string,
  otherTenantId: string,
): Promise<TwoTenantIssuers> {
  const home = await startTestIssuer(homeTenantId);
  const other = await startTestIssuer(otherTenantId);
  const otherPrefix = `${home.authorityHost}/${otherTenantId}/`;
  const routed: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(otherPrefix)) return fetch(input, init);
    const response = await fetch(url.replace(home.authorityHost, other.authorityHost), init);
    const body = (await response.text()).replaceAll(other.authorityHost, home.authorityHost);
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return {
    home,
    other,
    otherV2Issuer: `${home.authorityHost}/${otherTenantId}/v2.0`,
    fetch: routed,
    close: async () => {
      await Promise.all([home.close(), other.close()]);
    },
  };
}
