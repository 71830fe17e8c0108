import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadIssuerMetadata } from '../../../server-app/auth/loadIssuerMetadata.js';

const TENANT = '7d3f6a1e-2b4c-4e5f-9a8b-1c2d3e4f5a6b';
const AUTHORITY = 'https://login.microsoftonline.com';
const V2_URL = `${AUTHORITY}/${TENANT}/v2.0/.well-known/openid-configuration`;
const V1_URL = `${AUTHORITY}/${TENANT}/.well-known/openid-configuration`;

/** A fetch answering the two discovery URLs from memory and recording what it was asked. */
function documents(v2: unknown, v1: unknown, status = 200) {
  const requests: { url: string; redirect: RequestInit['redirect'] }[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    requests.push({ url, redirect: init?.redirect });
    const body = url === V2_URL ? v2 : url === V1_URL ? v1 : undefined;
    return Promise.resolve(
      body === undefined ? new Response(null, { status: 404 }) : Response.json(body, { status }),
    );
  };
  return { fetchImpl, requests };
}

const load = (fetchImpl: typeof fetch) =>
  loadIssuerMetadata({
    authorityHost: AUTHORITY,
    tenantId: TENANT,
    fetch: fetchImpl,
    timeoutMs: 1000,
  });

const v2Document = {
  issuer: `${AUTHORITY}/{tenantid}/v2.0`,
  jwks_uri: `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`,
};
const v1Document = { issuer: `https://sts.windows.net/${TENANT}/` };

describe('loadIssuerMetadata', () => {
  it('reads both issuers, replacing {tenantid}, and the key set URL, without following redirects', async () => {
    const { fetchImpl, requests } = documents(v2Document, v1Document);
    assert.deepEqual(await load(fetchImpl), {
      v2Issuer: `${AUTHORITY}/${TENANT}/v2.0`,
      v1Issuer: `https://sts.windows.net/${TENANT}/`,
      jwksUri: `${AUTHORITY}/${TENANT}/discovery/v2.0/keys`,
    });
    assert.deepEqual(requests, [
      { url: V2_URL, redirect: 'manual' },
      { url: V1_URL, redirect: 'manual' },
    ]);
  });

  it('refuses a key set outside the authority', async () => {
    const { fetchImpl } = documents(
      { ...v2Document, jwks_uri: 'https://attacker.example/keys' },
      v1Document,
    );
    await assert.rejects(load(fetchImpl), {
      message: `${V2_URL} names a "jwks_uri" outside ${AUTHORITY}`,
    });
  });

  it('refuses documents that name another tenant, no issuer, or one issuer for both versions', async () => {
    const cases: [unknown, unknown, string][] = [
      [
        { ...v2Document, issuer: `${AUTHORITY}/common/v2.0` },
        v1Document,
        `${V2_URL} names an issuer that is not tenant ${TENANT}'s`,
      ],
      [v2Document, {}, `${V1_URL} has no "issuer"`],
      [
        v2Document,
        { issuer: `${AUTHORITY}/${TENANT}/v2.0` },
        `${V1_URL} and ${V2_URL} name the same issuer; token versions would be confused`,
      ],
      [{ issuer: v2Document.issuer }, v1Document, `${V2_URL} has no valid "jwks_uri"`],
      [[], v1Document, `GET ${V2_URL} answered JSON that is not an object`],
    ];
    for (const [v2, v1, message] of cases) {
      await assert.rejects(load(documents(v2, v1).fetchImpl), { message });
    }
  });

  it('fails naming the URL on a non-200 answer', async () => {
    await assert.rejects(load(documents(v2Document, v1Document, 302).fetchImpl), {
      message: `GET ${V2_URL} answered HTTP 302`,
    });
  });
});
