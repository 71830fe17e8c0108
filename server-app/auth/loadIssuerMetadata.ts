import { fetchJsonObject } from './fetchJsonObject.js';
import { IssuerFault } from './IssuerFault.js';

/** What the tenant's two OpenID Connect discovery documents say about its access tokens. */
export interface IssuerMetadata {
  /** `iss` of v1.0 tokens; `https://sts.windows.net/{tid}/` in Entra. */
  readonly v1Issuer: string;
  /** `iss` of v2.0 tokens; `{authorityHost}/{tid}/v2.0` in Entra. */
  readonly v2Issuer: string;
  /** The tenant's key set, named by the v2.0 document. */
  readonly jwksUri: string;
}

/** Options of {@link loadIssuerMetadata}. */
export interface LoadIssuerMetadataOptions {
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly fetch: typeof fetch;
  /** Bounds both documents together. */
  readonly signal: AbortSignal;
}

/** The v2.0 and v1.0 discovery document URLs of a tenant. */
export function discoveryUrls(authorityHost: string, tenantId: string): readonly [string, string] {
  return [
    `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`,
    `${authorityHost}/${tenantId}/.well-known/openid-configuration`,
  ];
}

/**
 * Fetches both discovery documents and derives the trusted issuers (with `{tenantid}`
 * replaced, as multi-tenant documents template it) and the key set URL.
 *
 * @throws {IssuerFault} naming the URL when a document cannot be fetched or lacks what is
 *   needed: `ERR_ISSUER_FOREIGN_JWKS_URI` for a key set on another origin than the authority,
 *   `ERR_TENANT_NOT_FOUND` when the authority does not know the tenant.
 */
export async function loadIssuerMetadata(
  options: LoadIssuerMetadataOptions,
): Promise<IssuerMetadata> {
  const { authorityHost, tenantId, signal } = options;
  const [v2Url, v1Url] = discoveryUrls(authorityHost, tenantId);
  const [v2, v1] = await Promise.all([
    fetchJsonObject(options.fetch, v2Url, signal),
    fetchJsonObject(options.fetch, v1Url, signal),
  ]);
  const v2Issuer = tenantIssuer(v2, v2Url, tenantId);
  const v1Issuer = tenantIssuer(v1, v1Url, tenantId);
  if (v1Issuer === v2Issuer) {
    throw invalid(`${v1Url} and ${v2Url} name the same issuer; token versions would be confused`);
  }
  const jwksUri = v2['jwks_uri'];
  if (typeof jwksUri !== 'string' || !URL.canParse(jwksUri)) {
    throw invalid(`${v2Url} has no valid "jwks_uri"`);
  }
  // The keys decide everything: take them only from the authority we were configured with.
  if (new URL(jwksUri).origin !== new URL(authorityHost).origin) {
    throw new IssuerFault(
      'ERR_ISSUER_FOREIGN_JWKS_URI',
      `${v2Url} names a "jwks_uri" outside ${authorityHost}`,
    );
  }
  return { v1Issuer, v2Issuer, jwksUri };
}

function tenantIssuer(document: Record<string, unknown>, url: string, tenantId: string): string {
  const issuer = document['issuer'];
  if (typeof issuer !== 'string' || issuer === '') throw invalid(`${url} has no "issuer"`);
  const resolved = issuer.replaceAll('{tenantid}', tenantId);
  if (!resolved.includes(tenantId)) {
    throw invalid(`${url} names an issuer that is not tenant ${tenantId}'s`);
  }
  return resolved;
}

const invalid = (message: string) => new IssuerFault('ERR_ISSUER_DOCUMENT_INVALID', message);
