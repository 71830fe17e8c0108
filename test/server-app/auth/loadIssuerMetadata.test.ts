import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadIssuerMetadata } from '../../../server-app/auth/loadIssuerMetadata.js';

const TENANT = '7d3f6a1e-2b4c-4e5f-9a8b-1c2d3e4f5a6b';
const AUTHORITY = 'https://login.microsoftonline.com';
const V2_URL = `${AUTHORITY}/${TENANT}/v2.0/.well-known/openid-configuration`;
const V1_URL = `${AUTHORITY}/${TENANT}/.well-known/openid-configuration`;

/** A fetch answering the two discovery URLs from memory and recording what it was asked. */
function documents(v2: unknown, v1: unknown, status = 200) {
  const requests: { url: string; redirect: RequestInit['redirect']; signal: unknown }[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    requests.push({ url, redirect: init?.redirect, signal: init?.signal });
    const body = url === V2_URL ? v2 : url === V1_URL ? v1 : undefined;
    return Promise.resolve(
      body === undefined ? new Response(null, { status: 404 }) : Response.json(body, { status }),
    );
  };
  return { fetchImpl, requests };
}

const signal = new AbortController().signal;
const load = (fetchImpl: typeof fetch) =>
  loadIssuerMetadata({ authorityHost: AUTHORITY, tenantId: TENANT, fetch: fetchImpl, signal });

const v2Document = {
  issuer: `${AUTHORITY}/{tenantid}/v2.0`,
  jwks_uri: `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`,
};
const v1Document = { issuer: `https://sts.windows.net/${TENANT}/` };

describe('loadIssuerMetadata', () => {
  it('reads both issuers, replacing {tenantid}, and the key set URL, under one signal, without following redirects', async () => {
    const { fetchImpl, requests } = documents(v2Document, v1Document);
    assert.deepEqual(await load(fetchImpl), {
      v2Issuer: `${AUTHORITY}/${TENANT}/v2.0`,
      v1Issuer: `https://sts.windows.net/${TENANT}/`,
      jwksUri: `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`,
    });
    assert.deepEqual(requests, [
      { url: V2_URL, redirect: 'manual', signal },
      { url: V1_URL, redirect: 'manual', signal },
    ]);
  });

  it('refuses a key set outside the authority', async () => {
    const { fetchImpl } = documents(
      { ...v2Document, jwks_uri: 'https://attacker.example/keys' },
      v1Document,
    );
    await assert.rejects(load(fetchImpl), {
      name: 'IssuerFault',
      code: 'ERR_ISSUER_FOREIGN_JWKS_URI',
      message: `${V2_URL} names a "jwks_uri" outside ${AUTHORITY}`,
    });
  });

  it('refuses documents that name another tenant, no issuer, or one issuer for both versions', async () => {
    const cases: [unknown, unknown, string, string][] = [
      [
        { ...v2Document, issuer: `${AUTHORITY}/common/v2.0` },
        v1Document,
        `${V2_URL} names an issuer that is not tenant ${TENANT}'s`,
        'ERR_ISSUER_DOCUMENT_INVALID',
      ],
      [v2Document, {}, `${V1_URL} has no "issuer"`, 'ERR_ISSUER_DOCUMENT_INVALID'],
      [
        v2Document,
        { issuer: `${AUTHORITY}/${TENANT}/v2.0` },
        `${V1_URL} and ${V2_URL} name the same issuer; token versions would be confused`,
        'ERR_ISSUER_DOCUMENT_INVALID',
      ],
      [
        { issuer: v2Document.issuer },
        v1Document,
        `${V2_URL} has no valid "jwks_uri"`,
        'ERR_ISSUER_DOCUMENT_INVALID',
      ],
      [[], v1Document, `GET ${V2_URL} answered JSON that is not an object`, 'ERR_ISSUER_NOT_JSON'],
    ];
    for (const [v2, v1, message, code] of cases) {
      await assert.rejects(load(documents(v2, v1).fetchImpl), { message, code });
    }
  });

  it('fails naming the URL on a non-200 answer', async () => {
    await assert.rejects(load(documents(v2Document, v1Document, 302).fetchImpl), {
      code: 'ERR_ISSUER_HTTP_STATUS',
      message: `GET ${V2_URL} answered HTTP 302`,
    });
  });

  it("says the tenant does not exist when the authority answers Entra's AADSTS90002", async () => {
    const entra = {
      error: 'invalid_tenant',
      error_description: `AADSTS90002: Tenant '${TENANT}' not found.`,
      error_codes: [90002],
    };
    await assert.rejects(load(documents(entra, entra, 400).fetchImpl), {
      code: 'ERR_TENANT_NOT_FOUND',
      message: `GET ${V2_URL} answered HTTP 400 invalid_tenant (AADSTS90002): the tenant does not exist`,
    });
    await assert.rejects(load(documents({ error: 'invalid_request' }, {}, 400).fetchImpl), {
      code: 'ERR_ISSUER_HTTP_STATUS',
      message: `GET ${V2_URL} answered HTTP 400`,
    });
  });
});
