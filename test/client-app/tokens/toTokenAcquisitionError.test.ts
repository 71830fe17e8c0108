import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { TokenSettings } from '../../../client-app/settings/readTokenSettings.js';
import type { IssuerFault } from '../../../client-app/tokens/createMsalNetworkClient.js';
import { TokenAcquisitionError } from '../../../client-app/tokens/TokenAcquisitionError.js';
import { toTokenAcquisitionError } from '../../../client-app/tokens/toTokenAcquisitionError.js';

const SCOPE = 'api://27991dac-f89f-4062-8147-2c3296fcdd42/.default';
const certificate: TokenSettings = {
  mode: 'client-certificate',
  scope: SCOPE,
  tenantId: 'd06a47d6-28da-4cfb-b94e-b85a694580a3',
  clientId: 'bb845956-d451-4a24-af98-0439e4b08673',
  authorityHost: 'https://login.microsoftonline.com',
  certificatePath: '/c.pem',
};
const secret: TokenSettings = {
  ...certificate,
  mode: 'client-secret',
  clientSecret: 'not-a-real-secret',
};
const managed: TokenSettings = {
  mode: 'managed-identity',
  scope: SCOPE,
  identityEndpoint: 'http://127.0.0.1:1/msi/token',
};

/** An error shaped like MSAL's ServerError. */
function serverError(errorCode: string, status: number | undefined, description = ''): Error {
  return Object.assign(
    new Error(`${errorCode}: Error(s): - Description: ${description} - Trace ID: t`),
    {
      name: 'ServerError',
      errorCode,
      status,
    },
  );
}

/** An error shaped like @azure/identity's CredentialUnavailableError wrapping MSAL's. */
function unavailable(cause: Error): Error {
  return Object.assign(new Error(`ManagedIdentityCredential: ${cause.message}`), {
    name: 'CredentialUnavailableError',
    cause,
  });
}

describe('toTokenAcquisitionError', () => {
  it('maps each service answer to a code, retryability and status', () => {
    const cases: [TokenSettings, Error, string, boolean, number | undefined][] = [
      [
        certificate,
        serverError(
          'invalid_client',
          401,
          'AADSTS700027: Client assertion failed signature validation.',
        ),
        'ERR_TOKEN_CLIENT_CERTIFICATE',
        false,
        401,
      ],
      [
        certificate,
        serverError('unauthorized_client', 400),
        'ERR_TOKEN_CLIENT_UNKNOWN',
        false,
        400,
      ],
      [certificate, serverError('invalid_scope', 400), 'ERR_TOKEN_SCOPE', false, 400],
      [
        certificate,
        serverError('invalid_grant', 400, 'AADSTS501051: Not assigned.'),
        'ERR_TOKEN_NOT_ASSIGNED',
        false,
        400,
      ],
      [
        certificate,
        serverError('temporarily_unavailable', 503),
        'ERR_TOKEN_UNAVAILABLE',
        true,
        503,
      ],
      [certificate, serverError('', undefined), 'ERR_TOKEN_UNAVAILABLE', true, undefined],
      [
        certificate,
        Object.assign(new Error('x'), { name: 'ClientAuthError', errorCode: 'network_error' }),
        'ERR_TOKEN_UNAVAILABLE',
        true,
        undefined,
      ],
      [
        certificate,
        Object.assign(new Error('x'), {
          name: 'ClientConfigurationError',
          errorCode: 'authority_uri_insecure',
        }),
        'ERR_TOKEN_CONFIGURATION',
        false,
        undefined,
      ],
      [certificate, serverError('interaction_required', 400), 'ERR_TOKEN_REFUSED', false, 400],
      [
        certificate,
        Object.assign(new Error('x'), {
          name: 'ClientAuthError',
          errorCode: 'endpoints_resolution_error',
        }),
        'ERR_TOKEN_AUTHORITY',
        true,
        undefined,
      ],
      [
        managed,
        unavailable(serverError('', 401, 'bad header')),
        'ERR_TOKEN_MANAGED_IDENTITY',
        false,
        401,
      ],
      [
        managed,
        unavailable(
          serverError(
            'invalid_resource',
            400,
            'AADSTS500011: The resource principal was not found.',
          ),
        ),
        'ERR_TOKEN_SCOPE',
        false,
        400,
      ],
      [managed, unavailable(serverError('', 500)), 'ERR_TOKEN_UNAVAILABLE', true, 500],
    ];
    for (const [settings, error, code, retryable, status] of cases) {
      const mapped = toTokenAcquisitionError(error, settings);
      assert.deepEqual(
        [mapped.code, mapped.retryable, mapped.status, mapped.cause],
        [code, retryable, status, error],
        `${error.name} ${String((error as { errorCode?: string }).errorCode)}`,
      );
    }
  });

  it('names the setting to fix and quotes the AADSTS sentence', () => {
    const mapped = toTokenAcquisitionError(
      serverError(
        'invalid_client',
        401,
        'AADSTS700027: Client assertion failed signature validation. Trace',
      ),
      certificate,
    );
    assert.equal(
      mapped.message,
      `Could not get a token for ${SCOPE} as client bb845956-d451-4a24-af98-0439e4b08673: the certificate in ` +
        'AZURE_CLIENT_CERTIFICATE_PATH is not (or no longer) registered on the app. The service said: ' +
        'AADSTS700027: Client assertion failed signature validation.',
    );
  });

  it('passes a TokenAcquisitionError through unchanged', () => {
    const error = new TokenAcquisitionError('ERR_TOKEN_TIMEOUT', 'slow');
    assert.equal(toTokenAcquisitionError(error, managed), error);
  });

  it('calls a refused secret ERR_TOKEN_CLIENT_SECRET, naming AZURE_CLIENT_SECRET', () => {
    const mapped = toTokenAcquisitionError(serverError('invalid_client', 401), secret);
    assert.deepEqual([mapped.code, mapped.fatal], ['ERR_TOKEN_CLIENT_SECRET', true]);
    assert.match(mapped.message, /AZURE_CLIENT_SECRET is wrong or expired/);
  });

  it("tells MSAL's endpoints_resolution_error apart by what the network client saw", () => {
    const resolution = Object.assign(new Error('endpoints_resolution_error'), {
      name: 'ClientAuthError',
      errorCode: 'endpoints_resolution_error',
    });
    const discovery = 'https://login.example/t/v2.0/.well-known/openid-configuration';
    const cases: [IssuerFault, string, boolean, boolean, RegExp][] = [
      [
        { kind: 'status', status: 400, url: discovery, error: 'invalid_tenant', aadsts: 90002 },
        'ERR_TOKEN_TENANT_NOT_FOUND',
        false,
        true,
        /tenant d06a47d6-28da-4cfb-b94e-b85a694580a3 does not exist at https:\/\/login\.microsoftonline\.com \(AADSTS90002\); check AZURE_TENANT_ID\./,
      ],
      [
        { kind: 'network', failure: 'refused', url: discovery },
        'ERR_TOKEN_AUTHORITY_UNREACHABLE',
        true,
        false,
        /connection refused at https:\/\/login\.example\/t\/v2\.0\/\.well-known\/openid-configuration: no identity provider listens there; check AZURE_AUTHORITY_HOST/,
      ],
      [
        { kind: 'network', failure: 'timeout', url: discovery },
        'ERR_TOKEN_AUTHORITY_UNREACHABLE',
        true,
        false,
        /no answer from .+ in time; check AZURE_AUTHORITY_HOST/,
      ],
      [
        { kind: 'network', failure: 'tls', url: discovery },
        'ERR_TOKEN_AUTHORITY_UNTRUSTED',
        false,
        true,
        /not trusted .+NODE_EXTRA_CA_CERTS/,
      ],
      [
        { kind: 'status', status: 404, url: discovery },
        'ERR_TOKEN_AUTHORITY_NOT_FOUND',
        false,
        true,
        /answered 404: AZURE_AUTHORITY_HOST \(https:\/\/login\.microsoftonline\.com\) is not an Entra authority/,
      ],
      [
        { kind: 'status', status: 503, url: discovery },
        'ERR_TOKEN_UNAVAILABLE',
        true,
        false,
        /answered 503; try again later/,
      ],
    ];
    for (const [fault, code, retryable, fatal, message] of cases) {
      const mapped = toTokenAcquisitionError(resolution, certificate, fault);
      assert.deepEqual([mapped.code, mapped.retryable, mapped.fatal], [code, retryable, fatal]);
      assert.match(mapped.message, message);
    }
    assert.equal(toTokenAcquisitionError(resolution, certificate).code, 'ERR_TOKEN_AUTHORITY');
  });

  it('lets a service answer win over an earlier network fault', () => {
    const mapped = toTokenAcquisitionError(serverError('unauthorized_client', 400), certificate, {
      kind: 'network',
      failure: 'refused',
      url: 'https://x/t/oauth2/v2.0/token',
    });
    assert.equal(mapped.code, 'ERR_TOKEN_CLIENT_UNKNOWN');
  });

  describe('in managed-identity-federated mode', () => {
    const federated: TokenSettings = {
      mode: 'managed-identity-federated',
      scope: SCOPE,
      identityEndpoint: 'http://127.0.0.1:1/msi/token',
      managedIdentityClientId: '00872284-75f3-49b3-9d7c-5c82069ca150',
      tenantId: '3e27b06f-7661-445e-abf3-dc39bf9a8ab0',
      clientId: 'ceb3238c-e235-4914-b2db-280a3511a353',
      authorityHost: 'https://login.microsoftonline.us',
      exchangeAudience: 'api://AzureADTokenExchangeUSGov',
    };
    /** What ClientAssertionCredential rethrows for MSAL's ServerError: the message only. */
    const rewrapped = (aadsts: string) =>
      Object.assign(
        new Error(
          `invalid_client: Error(s): ${aadsts} - Description: AADSTS${aadsts}: No match. - Trace ID: t`,
        ),
        {
          name: 'AuthenticationRequiredError',
        },
      );

    it("maps Entra's FIC codes (both audience codes) to their fatal failures", () => {
      const codes = ['700211', '700213', '7002121', '700212', '700024', '70021'].map(
        (aadsts) => toTokenAcquisitionError(rewrapped(aadsts), federated).code,
      );
      assert.deepEqual(codes, [
        'ERR_TOKEN_FIC_ISSUER',
        'ERR_TOKEN_FIC_SUBJECT',
        'ERR_TOKEN_FIC_AUDIENCE',
        'ERR_TOKEN_FIC_AUDIENCE',
        'ERR_TOKEN_FIC_ASSERTION_EXPIRED',
        'ERR_TOKEN_FIC_NOT_FOUND',
      ]);
      const audience = toTokenAcquisitionError(rewrapped('7002121'), federated);
      assert.match(
        audience.message,
        /must be exactly api:\/\/AzureADTokenExchangeUSGov, the exchange audience of https:\/\/login\.microsoftonline\.us \(AZURE_AUTHORITY_HOST\)/,
      );
    });

    it("names ORDERS_API_MANAGED_IDENTITY_CLIENT_ID when the identity endpoint refuses the assertion's token", () => {
      const error = toTokenAcquisitionError(
        unavailable(serverError('invalid_request', 400, 'No MSI found')),
        federated,
        undefined,
        'assertion',
      );
      assert.equal(error.code, 'ERR_TOKEN_MANAGED_IDENTITY');
      assert.match(
        error.message,
        /^Could not get a token for api:\/\/AzureADTokenExchangeUSGov\/\.default as managed identity 00872284-75f3-49b3-9d7c-5c82069ca150 \(the assertion of app ceb3238c-e235-4914-b2db-280a3511a353\): .*ORDERS_API_MANAGED_IDENTITY_CLIENT_ID names a user-assigned identity/,
      );
    });
  });
});
