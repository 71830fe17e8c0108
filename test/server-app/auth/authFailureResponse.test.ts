import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { AUTH_FAILURES, AuthFailure } from '../../../server-app/auth/AuthFailure.js';
import { authFailureResponse } from '../../../server-app/auth/authFailureResponse.js';

const problemHeaders = { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' };

describe('authFailureResponse', () => {
  it('answers missing credentials with a bare challenge', () => {
    assert.deepEqual(authFailureResponse(new AuthFailure('ERR_NOT_BEARER', 'x')), {
      status: 401,
      headers: { ...problemHeaders, 'WWW-Authenticate': 'Bearer realm="orders-api"' },
      body: JSON.stringify({
        type: 'about:blank',
        status: 401,
        title: 'Authentication required',
        detail: 'Send an Entra ID access token in the Authorization header: Bearer <token>.',
      }),
    });
  });

  it('answers a malformed header with 400 invalid_request naming the parameter', () => {
    assert.deepEqual(authFailureResponse(new AuthFailure('ERR_HEADER_MULTIPLE', 'x')), {
      status: 400,
      headers: {
        ...problemHeaders,
        'WWW-Authenticate': 'Bearer realm="orders-api", error="invalid_request"',
      },
      body: JSON.stringify({
        type: 'about:blank',
        status: 400,
        title: 'Malformed Authorization header',
        detail: 'Send exactly one Authorization header of the form: Bearer <token>.',
        parameter: 'Authorization',
      }),
    });
  });

  it('answers every invalid_token failure with the same 401', () => {
    const codes = Object.entries(AUTH_FAILURES)
      .filter(([, kind]) => kind === 'invalid_token')
      .map(([code]) => code as keyof typeof AUTH_FAILURES);
    const responses = codes.map((code) => authFailureResponse(new AuthFailure(code, code)));
    for (const response of responses) assert.deepEqual(response, responses[0]);
    assert.deepEqual(responses[0], {
      status: 401,
      headers: {
        ...problemHeaders,
        'WWW-Authenticate': 'Bearer realm="orders-api", error="invalid_token"',
      },
      body: JSON.stringify({
        type: 'about:blank',
        status: 401,
        title: 'Invalid access token',
        detail:
          'The bearer token is malformed, expired, not signed by the trusted issuer, or not issued for this API.',
      }),
    });
  });

  it('answers a missing role with 403 insufficient_scope', () => {
    const response = authFailureResponse(new AuthFailure('ERR_ROLE_MISSING', 'x'));
    assert.equal(response.status, 403);
    assert.deepEqual(response.headers, {
      ...problemHeaders,
      'WWW-Authenticate': 'Bearer realm="orders-api", error="insufficient_scope"',
    });
  });

  it('answers unavailable keys with 503 and the failure’s Retry-After, without a challenge', () => {
    const failure = new AuthFailure('ERR_KEYS_UNAVAILABLE', 'x', { retryAfterSeconds: 7 });
    assert.deepEqual(authFailureResponse(failure), {
      status: 503,
      headers: { ...problemHeaders, 'Retry-After': '7' },
      body: JSON.stringify({
        type: 'about:blank',
        status: 503,
        title: 'Token validation temporarily unavailable',
        detail: "The identity provider's signing keys could not be retrieved. Retry later.",
        code: 'ISSUER_KEYS_UNAVAILABLE',
      }),
    });
  });

  it('says which fault each 503 is in a machine-readable code', () => {
    const bodies = Object.fromEntries(
      (['ERR_METADATA_UNAVAILABLE', 'ERR_KEYS_UNAVAILABLE', 'ERR_TENANT_NOT_FOUND'] as const).map(
        (code) => {
          const response = authFailureResponse(new AuthFailure(code, 'x'));
          assert.equal(response.status, 503);
          assert.equal((response.headers as Record<string, string>)['Retry-After'], '10');
          return [code, JSON.parse(response.body as string) as unknown];
        },
      ),
    );
    const title = 'Token validation temporarily unavailable';
    assert.deepEqual(bodies, {
      ERR_METADATA_UNAVAILABLE: {
        type: 'about:blank',
        status: 503,
        title,
        detail: "The identity provider's OpenID metadata could not be retrieved. Retry later.",
        code: 'ISSUER_METADATA_UNAVAILABLE',
      },
      ERR_KEYS_UNAVAILABLE: {
        type: 'about:blank',
        status: 503,
        title,
        detail: "The identity provider's signing keys could not be retrieved. Retry later.",
        code: 'ISSUER_KEYS_UNAVAILABLE',
      },
      ERR_TENANT_NOT_FOUND: {
        type: 'about:blank',
        status: 503,
        title,
        detail:
          "The identity provider does not know the server's tenant: the server is misconfigured. Retrying will not help until it is fixed.",
        code: 'TENANT_NOT_FOUND',
      },
    });
    const unavailable = Object.entries(AUTH_FAILURES).filter(([, kind]) => kind === 'unavailable');
    assert.equal(unavailable.length, Object.keys(bodies).length, 'every 503 code is covered');
  });

  it('answers an internal failure with a bare 500', () => {
    assert.deepEqual(authFailureResponse(new AuthFailure('ERR_INTERNAL', 'x')), {
      status: 500,
      headers: problemHeaders,
      body: JSON.stringify({
        type: 'about:blank',
        status: 500,
        title: 'Token validation failed unexpectedly',
      }),
    });
  });
});
