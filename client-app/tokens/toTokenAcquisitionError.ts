import { TOKEN_SETTING_NAMES as N, type TokenSettings } from '../settings/readTokenSettings.js';
import type { IssuerFault } from './createMsalNetworkClient.js';
import { fromFederationError } from './fromFederationError.js';
import { TokenAcquisitionError, type TokenAcquisitionErrorCode } from './TokenAcquisitionError.js';

/** The fields of MSAL / @azure/identity errors this mapping reads. */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly errorCode?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
}

/** Entra's "tenant not found" (AADSTS90002), answered for an unknown tenant segment. */
const TENANT_NOT_FOUND = 90002;

/**
 * Turns whatever MSAL or ManagedIdentityCredential threw into a {@link TokenAcquisitionError}
 * whose message says what to fix; its code decides retries (see SYNC_FAILURES). MSAL reports a
 * wrong tenant, an unreachable authority and a 404 alike (`endpoints_resolution_error`), so
 * `fault`, what the network client saw, tells them apart. In managed-identity-federated mode,
 * `leg` says which request failed: the identity token (`assertion`, the managed-identity
 * endpoint) or the resource tenant's token (`token`).
 */
export function toTokenAcquisitionError(
  error: unknown,
  settings: TokenSettings,
  fault?: IssuerFault,
  leg: 'token' | 'assertion' = 'token',
): TokenAcquisitionError {
  if (error instanceof TokenAcquisitionError) return error;
  // ManagedIdentityCredential wraps MSAL's error in CredentialUnavailableError's `cause`.
  const outer = asShape(error);
  const inner = asShape(outer.cause).errorCode !== undefined ? asShape(outer.cause) : outer;
  const errorCode = typeof inner.errorCode === 'string' ? inner.errorCode : '';
  const status = typeof inner.status === 'number' ? inner.status : undefined;
  const text =
    typeof inner.message === 'string'
      ? inner.message
      : typeof outer.message === 'string'
        ? outer.message
        : '';
  const aadsts = /AADSTS\d+:[^.]*\./.exec(text)?.[0];
  const aadstsNumber = /AADSTS(\d+)/.exec(text)?.[1];
  const said = aadsts ? ` The service said: ${aadsts}` : '';
  const viaIdentity = settings.mode === 'managed-identity' || leg === 'assertion';
  const who =
    settings.mode === 'managed-identity'
      ? `managed identity ${settings.userAssignedClientId ?? '(system-assigned)'}`
      : settings.mode === 'managed-identity-federated'
        ? leg === 'assertion'
          ? `managed identity ${settings.managedIdentityClientId} (the assertion of app ${settings.clientId})`
          : `app ${settings.clientId} in tenant ${settings.tenantId}`
        : `client ${settings.clientId}`;
  const scope =
    settings.mode === 'managed-identity-federated' && leg === 'assertion'
      ? `${settings.exchangeAudience}/.default`
      : settings.scope;
  const make = (code: TokenAcquisitionErrorCode, message: string, answered = status) =>
    new TokenAcquisitionError(code, `Could not get a token for ${scope} as ${who}: ${message}`, {
      ...(answered === undefined ? {} : { status: answered }),
      cause: error,
    });

  if (/AADSTS501051/.test(text) || errorCode === 'invalid_grant') {
    return make(
      'ERR_TOKEN_NOT_ASSIGNED',
      `the API requires an app role assignment; assign its Orders.Read role to this principal.${said}`,
    );
  }
  if (
    errorCode === 'invalid_scope' ||
    errorCode === 'invalid_resource' ||
    /AADSTS500011/.test(text)
  ) {
    return make(
      'ERR_TOKEN_SCOPE',
      `${N.scope} must be the Orders API's App ID URI followed by /.default.${said}`,
    );
  }
  if (settings.mode === 'managed-identity-federated' && leg === 'token') {
    const federation = fromFederationError(
      aadstsNumber === undefined ? undefined : Number(aadstsNumber),
      settings,
    );
    // Entra's text names the values it saw (issuer URLs...): the code and our fix say more in less.
    if (federation) return make(federation.code, `AADSTS${aadstsNumber}: ${federation.message}`);
    if (aadstsNumber === '700016' || /unauthorized_client/.test(text)) {
      return make(
        'ERR_TOKEN_CLIENT_UNKNOWN',
        `app ${settings.clientId} (${N.clientId}) has no service principal in the resource tenant ${settings.tenantId} ` +
          `(${N.tenantId}): an administrator there must provision and consent to it (az ad sp create --id ${settings.clientId}).${said}`,
      );
    }
    if (aadstsNumber === String(TENANT_NOT_FOUND)) {
      return make(
        'ERR_TOKEN_TENANT_NOT_FOUND',
        `tenant ${settings.tenantId} does not exist at ${settings.authorityHost}; check ${N.tenantId} (the resource tenant).${said}`,
      );
    }
  }
  if (errorCode === 'invalid_client' && settings.mode !== 'managed-identity-federated') {
    return settings.mode === 'client-certificate'
      ? make(
          'ERR_TOKEN_CLIENT_CERTIFICATE',
          `the certificate in ${N.certificatePath} is not (or no longer) registered on the app.${said}`,
        )
      : make(
          'ERR_TOKEN_CLIENT_SECRET',
          `${N.clientSecret} is wrong or expired; use the secret's value (not its id) from the app registration.${said}`,
        );
  }
  if (errorCode === 'unauthorized_client') {
    return make(
      'ERR_TOKEN_CLIENT_UNKNOWN',
      `${N.clientId} is not an application of tenant ${N.tenantId}.${said}`,
    );
  }
  if (
    (settings.mode === 'client-secret' || settings.mode === 'client-certificate') &&
    fault !== undefined &&
    status === undefined
  ) {
    const seen = fromIssuerFault(fault, settings, make);
    if (seen) return seen;
  }
  const transient =
    status === 429 ||
    (status !== undefined && status >= 500) ||
    errorCode === 'network_error' ||
    // MSAL answers from its throttle cache (after a 429/5xx) with a ServerError without status.
    (inner.name === 'ServerError' && status === undefined);
  if (transient) {
    return make(
      'ERR_TOKEN_UNAVAILABLE',
      `the identity service failed or could not be reached${status === undefined ? '' : ` (HTTP ${status})`}; try again later.${said}`,
    );
  }
  if (viaIdentity) {
    const named =
      settings.mode === 'managed-identity-federated'
        ? `${N.managedIdentityClientId} names a user-assigned identity attached to it`
        : `${N.clientId}, if set, names a user-assigned identity attached to it`;
    return make(
      'ERR_TOKEN_MANAGED_IDENTITY',
      `the managed-identity endpoint refused the request${status === undefined ? '' : ` (HTTP ${status})`}. ` +
        `Check that the identity is enabled on the app and that ${named}.`,
    );
  }
  if (errorCode === 'endpoints_resolution_error' || errorCode === 'openid_config_error') {
    return make(
      'ERR_TOKEN_AUTHORITY',
      `the OpenID configuration of ${settings.authorityHost}/${settings.tenantId} could not be read; check ` +
        `${N.authorityHost} and ${N.tenantId} (and, for a local issuer, NODE_EXTRA_CA_CERTS).`,
    );
  }
  if (inner.name === 'ClientConfigurationError' || inner.name === 'ClientAuthError') {
    return make('ERR_TOKEN_CONFIGURATION', `MSAL refused its configuration (${errorCode}).`);
  }
  return make(
    'ERR_TOKEN_REFUSED',
    `the request was refused${status === undefined ? '' : ` (HTTP ${status})`}${errorCode ? ` with ${errorCode}` : ''}.${said}`,
  );
}

/** The precise cause behind an MSAL error that lost it, from what the wire showed. */
function fromIssuerFault(
  fault: IssuerFault,
  settings: Extract<TokenSettings, { mode: 'client-secret' | 'client-certificate' }>,
  make: (
    code: TokenAcquisitionErrorCode,
    message: string,
    status?: number,
  ) => TokenAcquisitionError,
): TokenAcquisitionError | undefined {
  const host = settings.authorityHost;
  if (fault.kind === 'network') {
    switch (fault.failure) {
      case 'refused':
        return make(
          'ERR_TOKEN_AUTHORITY_UNREACHABLE',
          `connection refused at ${fault.url}: no identity provider listens there; check ${N.authorityHost} (${host}) or start the identity provider.`,
        );
      case 'dns':
        return make(
          'ERR_TOKEN_AUTHORITY_UNREACHABLE',
          `the host of ${host} does not resolve; check ${N.authorityHost}.`,
        );
      case 'timeout':
        return make(
          'ERR_TOKEN_AUTHORITY_UNREACHABLE',
          `no answer from ${fault.url} in time; check ${N.authorityHost} (${host}) and the network.`,
        );
      case 'tls':
        return make(
          'ERR_TOKEN_AUTHORITY_UNTRUSTED',
          `the TLS certificate of ${host} is not trusted for that host; for the local identity provider set ` +
            `NODE_EXTRA_CA_CERTS to its certificate (.local/identity/identity-tls-cert.pem) before the process starts.`,
        );
      case 'other':
        return make(
          'ERR_TOKEN_AUTHORITY_UNREACHABLE',
          `the connection to ${fault.url} failed; check ${N.authorityHost} (${host}).`,
        );
    }
  }
  if (fault.aadsts === TENANT_NOT_FOUND || fault.error === 'invalid_tenant') {
    return make(
      'ERR_TOKEN_TENANT_NOT_FOUND',
      `tenant ${settings.tenantId} does not exist at ${host} (AADSTS${TENANT_NOT_FOUND}); check ${N.tenantId}.`,
      fault.status,
    );
  }
  if (fault.status === 404) {
    return make(
      'ERR_TOKEN_AUTHORITY_NOT_FOUND',
      `${fault.url} answered 404: ${N.authorityHost} (${host}) is not an Entra authority (its origin only, e.g. https://login.microsoftonline.com).`,
      fault.status,
    );
  }
  if (fault.status === 429 || fault.status >= 500) {
    return make(
      'ERR_TOKEN_UNAVAILABLE',
      `${fault.url} answered ${fault.status}; try again later.`,
      fault.status,
    );
  }
  return undefined;
}

function asShape(value: unknown): SdkErrorShape {
  return typeof value === 'object' && value !== null ? value : {};
}
