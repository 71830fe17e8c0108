import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet } from 'jose';

import { v2Issuer } from './buildAccessTokenClaims.js';
import { EntraError, invalidClient } from './EntraError.js';
import type { ForeignServicePrincipal, TenantConfig } from './readTenantConfig.js';

/** What checking a federated assertion needs to know about every local tenant. */
export interface FederationDirectory {
  /** Origin standing in for https://login.microsoftonline.com. */
  readonly origin: string;
  /** Every local tenant, by id. */
  readonly tenants: ReadonlyMap<string, TenantConfig>;
  /** A tenant's public signing keys, as its `discovery/v2.0/keys` serves them. */
  readonly publicKeys: (tenantId: string) => JSONWebKeySet;
  /** Epoch milliseconds. */
  readonly now: () => number;
}

/** Where each answer comes from; see local/identity/README.md for the list. */
const SEE =
  'Check your federated identity credential Subject, Audience and Issuer against the presented assertion.';

/**
 * Checks a `client_assertion` presented for a service principal of another tenant's
 * multi-tenant app, as Entra does for a managed identity used as a federated identity credential
 * (FIC) of an app registration: the assertion must be a token of a local tenant (its `iss` is
 * that tenant's v2 issuer), signed by that tenant's keys, current, and one FIC on the app registration must name exactly its `iss`, `sub` and `aud`.
 * Codes (Entra's; the official list does not hold them all, see local/identity/README.md):
 * AADSTS70021 when the app has no FIC at all (also Entra's answer while a new FIC replicates),
 * 700211 no FIC with this issuer, 700213 none with this subject (case-sensitive), 7002121 none
 * with this audience, 700024 an expired assertion, 700027 a bad signature.
 *
 * @throws {EntraError} `invalid_client` (401) naming what did not match, or 700016 when the app
 *   registration is unknown to its home tenant.
 */
export async function verifyFederatedAssertion(
  assertion: string,
  principal: ForeignServicePrincipal,
  directory: FederationDirectory,
): Promise<void> {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    throw invalidClient(50027, 'Invalid JWT token. The client assertion is not a well-formed JWT.');
  }
  const app = directory.tenants
    .get(principal.appOwnerTenantId)
    ?.multiTenantApps.find((a) => a.clientId === principal.clientId);
  if (app === undefined) {
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${principal.clientId}' was not found in the directory '${principal.appOwnerTenantId}'.`,
    );
  }
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  const issuingTenant = [...directory.tenants.values()].find(
    (t) => v2Issuer(directory.origin, t.tenantId) === iss,
  );
  if (issuingTenant !== undefined) {
    await verifySignature(assertion, iss, directory.publicKeys(issuingTenant.tenantId), directory);
  }
  const credentials = app.federatedIdentityCredentials.map((fic) => ({
    ...fic,
    issuer: fic.issuer.replaceAll('{authorityHost}', directory.origin),
  }));
  if (credentials.length === 0) {
    throw invalidClient(
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. ` +
        `Assertion Subject: '${String(claims.sub)}'. Assertion Audience: '${String(claims.aud)}'.`,
    );
  }
  const byIssuer = credentials.filter((fic) => fic.issuer === iss);
  if (byIssuer.length === 0) {
    throw invalidClient(
      700211,
      `No matching federated identity record found for presented assertion issuer '${iss}'. ${SEE}`,
    );
  }
  const bySubject = byIssuer.filter((fic) => fic.subject === claims.sub);
  if (bySubject.length === 0) {
    throw invalidClient(
      700213,
      `No matching federated identity record found for presented assertion subject '${String(claims.sub)}'. ${SEE}`,
    );
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!bySubject.some((fic) => fic.audiences.some((a) => audiences.includes(a)))) {
    throw invalidClient(
      7002121,
      `No matching federated identity record found for presented assertion audience '${audiences.join(' ')}'. ${SEE}`,
    );
  }
  if (issuingTenant === undefined) {
    // A FIC naming an issuer that is no local tenant: nothing here can check its signature.
    throw invalidClient(700027, 'Client assertion failed signature validation: unknown issuer.');
  }
}

async function verifySignature(
  assertion: string,
  issuer: string,
  keys: JSONWebKeySet,
  directory: FederationDirectory,
): Promise<void> {
  try {
    await jwtVerify(assertion, createLocalJWKSet(keys), {
      algorithms: ['RS256'],
      issuer,
      requiredClaims: ['exp', 'sub', 'aud'],
      currentDate: new Date(directory.now()),
    });
  } catch (error) {
    if (
      error instanceof errors.JWTExpired ||
      (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
    ) {
      throw invalidClient(700024, 'Client assertion is not within its valid time range.');
    }
    throw invalidClient(700027, 'Client assertion failed signature validation.');
  }
}
