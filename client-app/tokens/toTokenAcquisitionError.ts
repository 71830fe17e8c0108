import { TOKEN_SETTING_NAMES as N, type TokenSettings } from '../settings/readTokenSettings.js';
import { TokenAcquisitionError } from './TokenAcquisitionError.js';

/** The fields of MSAL / @azure/identity errors this mapping reads. */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly errorCode?: unknown;
  readonly status?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
}

/**
 * Turns whatever MSAL or ManagedIdentityCredential threw into a {@link TokenAcquisitionError}
 * whose message says what to fix. Permanent refusals (bad credential, unknown client, bad
 * scope, missing assignment, 400/401/403) are not retryable; 5xx, 429, MSAL's throttling
 * answer and network failures are.
 */
export function toTokenAcquisitionError(
  error: unknown,
  settings: TokenSettings,
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
  const said = aadsts ? ` The service said: ${aadsts}` : '';
  const who =
    settings.mode === 'managed-identity'
      ? `managed identity ${settings.userAssignedClientId ?? '(system-assigned)'}`
      : `client ${settings.clientId}`;
  const make = (
    code: ConstructorParameters<typeof TokenAcquisitionError>[0],
    message: string,
    retryable: boolean,
  ) =>
    new TokenAcquisitionError(
      code,
      `Could not get a token for ${settings.scope} as ${who}: ${message}`,
      {
        retryable,
        ...(status === undefined ? {} : { status }),
        cause: error,
      },
    );

  if (/AADSTS501051/.test(text) || errorCode === 'invalid_grant') {
    return make(
      'ERR_TOKEN_NOT_ASSIGNED',
      `the API requires an app role assignment; assign its Orders.Read role to this principal.${said}`,
      false,
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
      false,
    );
  }
  if (errorCode === 'invalid_client') {
    const fix =
      settings.mode === 'client-certificate'
        ? `the certificate in ${N.certificatePath} is not (or no longer) registered on the app`
        : `${N.clientSecret} is wrong or expired; use the secret's value (not its id) from the app registration`;
    return make('ERR_TOKEN_CLIENT_CREDENTIAL', `${fix}.${said}`, false);
  }
  if (errorCode === 'unauthorized_client') {
    return make(
      'ERR_TOKEN_CLIENT_UNKNOWN',
      `${N.clientId} is not an application of tenant ${N.tenantId}.${said}`,
      false,
    );
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
      true,
    );
  }
  if (settings.mode === 'managed-identity') {
    return make(
      'ERR_TOKEN_MANAGED_IDENTITY',
      `the managed-identity endpoint refused the request${status === undefined ? '' : ` (HTTP ${status})`}. ` +
        `Check that the identity is enabled on the app and that ${N.clientId}, if set, names a user-assigned identity attached to it.`,
      false,
    );
  }
  if (errorCode === 'endpoints_resolution_error' || errorCode === 'openid_config_error') {
    return make(
      'ERR_TOKEN_AUTHORITY',
      `the OpenID configuration of ${settings.authorityHost}/${settings.tenantId} could not be read; check ` +
        `${N.authorityHost} and ${N.tenantId} (and, for a local issuer, NODE_EXTRA_CA_CERTS).`,
      true,
    );
  }
  if (inner.name === 'ClientConfigurationError' || inner.name === 'ClientAuthError') {
    return make('ERR_TOKEN_CONFIGURATION', `MSAL refused its configuration (${errorCode}).`, false);
  }
  return make(
    'ERR_TOKEN_REFUSED',
    `the request was refused${status === undefined ? '' : ` (HTTP ${status})`}${errorCode ? ` with ${errorCode}` : ''}.${said}`,
    false,
  );
}

function asShape(value: unknown): SdkErrorShape {
  return typeof value === 'object' && value !== null ? value : {};
}
