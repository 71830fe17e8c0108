import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { TokenSettings } from '../../../client-app/settings/readTokenSettings.js';
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
        'ERR_TOKEN_CLIENT_CREDENTIAL',
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
    const error = new TokenAcquisitionError('ERR_TOKEN_TIMEOUT', 'slow', { retryable: true });
    assert.equal(toTokenAcquisitionError(error, managed), error);
  });
});
