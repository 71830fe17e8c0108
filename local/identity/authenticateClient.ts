import { createHash, timingSafeEqual } from 'node:crypto';

import { decodeProtectedHeader, errors, jwtVerify } from 'jose';

import { EntraError, invalidClient, missingParameter } from './EntraError.js';
import type { RegisteredCertificate } from './ensureCertificates.js';
import type { ClientRegistration, TenantConfig } from './readTenantConfig.js';
import { verifyFederatedAssertion, type FederationDirectory } from './verifyFederatedAssertion.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface AuthenticatedClient {
  /** The tenant's own client registration, or the service principal of another tenant's app. */
  readonly client: Pick<
    ClientRegistration,
    'displayName' | 'clientId' | 'objectId' | 'assignedRoles'
  >;
  readonly authenticatedWith: 'secret' | 'certificate' | 'federatedCredential';
}

export interface ClientAuthenticationContext {
  readonly tenant: TenantConfig;
  /** Certificate credentials by client id. */
  readonly certificates: ReadonlyMap<string, RegisteredCertificate>;
  /** Audiences Entra accepts in a client assertion: the token endpoint URLs of the tenant. */
  readonly assertionAudiences: readonly string[];
  /** Epoch ms the assertion's `exp`/`nbf` are judged at. Default: the wall clock. */
  readonly now?: () => number;
  /** Every local tenant, for assertions of another tenant's managed identity (FICs). */
  readonly federation: FederationDirectory;
}

/**
 * Checks the client credential of a token request the way Entra does: a `client_secret` must
 * match the registered one; a `client_assertion` must be a JWT signed by the registered
 * certificate (found by `x5t#S256` or `x5t`), with `aud` = the token endpoint, `iss` = `sub` =
 * the client id, and a current `exp`. A service principal of another tenant's multi-tenant app
 * authenticates only with a `client_assertion` that one of the app's federated identity
 * credentials trusts (see verifyFederatedAssertion).
 *
 * @throws {EntraError} `unauthorized_client` (AADSTS700016) for an unknown client id,
 *   `invalid_client` (AADSTS7000215, 700027, 700024, 700021...) for a bad credential.
 */
export async function authenticateClient(
  form: URLSearchParams,
  context: ClientAuthenticationContext,
): Promise<AuthenticatedClient> {
  const clientId = form.get('client_id');
  if (!clientId) throw missingParameter('client_id');
  const client = context.tenant.clients.find((c) => c.clientId === clientId.toLowerCase());
  const foreign = context.tenant.servicePrincipals.find(
    (sp) => sp.clientId === clientId.toLowerCase(),
  );
  if (!client && foreign) {
    const assertion = form.get('client_assertion');
    if (assertion === null || form.get('client_secret') !== null) {
      throw invalidClient(
        7000218,
        `Application '${foreign.clientId}' authenticates in this tenant only with a client_assertion its federated identity credentials trust.`,
      );
    }
    assertJwtBearerType(form);
    await verifyFederatedAssertion(assertion, foreign, context.federation);
    return { client: foreign, authenticatedWith: 'federatedCredential' };
  }
  if (!client) {
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${context.tenant.tenantId}'. ` +
        'This can happen if the application has not been installed by the administrator of the tenant or ' +
        'consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.',
    );
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null && assertion !== null) {
    throw invalidClient(7000216, "Only one of 'client_secret' and 'client_assertion' may be sent.");
  }
  if (secret !== null) {
    if (client.secret === undefined || !equalSecrets(secret, client.secret)) {
      throw invalidClient(
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret ' +
          `value, not the client secret ID, for a secret added to app '${client.clientId}'.`,
      );
    }
    return { client, authenticatedWith: 'secret' };
  }
  if (assertion !== null) {
    assertJwtBearerType(form);
    await verifyAssertion(assertion, client, context);
    return { client, authenticatedWith: 'certificate' };
  }
  throw invalidClient(
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}

/** A client assertion must say it is a JWT bearer assertion (RFC 7523). */
function assertJwtBearerType(form: URLSearchParams): void {
  if (form.get('client_assertion_type') !== JWT_BEARER) {
    throw new EntraError(
      400,
      'invalid_request',
      50027,
      `client_assertion_type must be '${JWT_BEARER}'.`,
    );
  }
}

async function verifyAssertion(
  assertion: string,
  client: ClientRegistration,
  context: ClientAuthenticationContext,
): Promise<void> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw invalidClient(50027, 'Invalid JWT token. The client assertion is not a well-formed JWT.');
  }
  const registered = context.certificates.get(client.clientId);
  const thumbprint = header['x5t#S256'] ?? header.x5t;
  const shown = typeof thumbprint === 'string' ? thumbprint : 'none';
  if (!registered || (header['x5t#S256'] !== registered.x5tS256 && header.x5t !== registered.x5t)) {
    throw invalidClient(
      700027,
      'The certificate with identifier used to sign the client assertion is not registered on application. ' +
        `[Reason - The key was not found., Thumbprint of key used by client: '${shown}']`,
    );
  }
  try {
    await jwtVerify(assertion, registered.publicKey, {
      algorithms: ['PS256', 'RS256'],
      audience: [...context.assertionAudiences],
      issuer: client.clientId,
      subject: client.clientId,
      requiredClaims: ['exp'],
      clockTolerance: 300,
      ...(context.now === undefined ? {} : { currentDate: new Date(context.now()) }),
    });
  } catch (error) {
    if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
      if (error instanceof errors.JWTExpired || error.claim === 'nbf') {
        throw invalidClient(700024, 'Client assertion is not within its valid time range.');
      }
      if (error.claim === 'aud') {
        throw invalidClient(
          700027,
          `The audience of the client assertion must be the token endpoint, ${context.assertionAudiences[0]}.`,
        );
      }
      throw invalidClient(
        700021,
        `Client assertion application identifier doesn't match 'client_id' parameter (claim '${error.claim}').`,
      );
    }
    throw invalidClient(700027, 'Client assertion failed signature validation.');
  }
}

function equalSecrets(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
