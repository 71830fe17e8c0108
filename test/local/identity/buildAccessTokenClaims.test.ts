import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { buildAccessTokenClaims } from '../../../local/identity/buildAccessTokenClaims.js';
import type { TenantConfig } from '../../../local/identity/readTenantConfig.js';
import { loadTenant } from './loadTenant.js';

const ORIGIN = 'https://127.0.0.1:8443';
const TID = 'd06a47d6-28da-4cfb-b94e-b85a694580a3';
const subject = {
  appId: 'bb845956-d451-4a24-af98-0439e4b08673',
  objectId: '77411475-7cb9-4ab9-a7fe-86db17d1ef11',
  roles: ['Orders.Read'],
  authenticatedWith: 'certificate' as const,
};

function withoutRandom(claims: Record<string, unknown>) {
  const { aio, rh, uti, ...rest } = claims;
  assert.deepEqual([typeof aio, typeof rh, typeof uti], ['string', 'string', 'string']);
  return rest;
}

describe('buildAccessTokenClaims', () => {
  let tenant: TenantConfig;
  before(async () => {
    tenant = await loadTenant();
  });

  it('builds a v1 token when the API leaves the version unset: appid, requested audience', () => {
    const claims = buildAccessTokenClaims({
      origin: ORIGIN,
      tenant,
      subject,
      requestedResource: 'api://27991dac-f89f-4062-8147-2c3296fcdd42',
      issuedAt: 1_000,
      lifetimeSeconds: 3_599,
    });
    assert.deepEqual(withoutRandom(claims), {
      aud: 'api://27991dac-f89f-4062-8147-2c3296fcdd42',
      iss: `${ORIGIN}/${TID}/`,
      iat: 1_000,
      nbf: 1_000,
      exp: 4_599,
      appid: subject.appId,
      appidacr: '2',
      idp: `${ORIGIN}/${TID}/`,
      idtyp: 'app',
      oid: subject.objectId,
      roles: ['Orders.Read'],
      sub: subject.objectId,
      tid: TID,
      ver: '1.0',
    });
  });

  it('builds a v2 token for accessTokenAcceptedVersion 2: azp, client-id audience, no roles when unassigned', () => {
    const claims = buildAccessTokenClaims({
      origin: ORIGIN,
      tenant: { ...tenant, api: { ...tenant.api, accessTokenAcceptedVersion: 2 } },
      subject: { ...subject, roles: [], authenticatedWith: 'secret' },
      requestedResource: 'api://27991dac-f89f-4062-8147-2c3296fcdd42',
      issuedAt: 1_000,
      lifetimeSeconds: 3_599,
    });
    assert.deepEqual(withoutRandom(claims), {
      aud: '27991dac-f89f-4062-8147-2c3296fcdd42',
      iss: `${ORIGIN}/${TID}/v2.0`,
      iat: 1_000,
      nbf: 1_000,
      exp: 4_599,
      azp: subject.appId,
      azpacr: '1',
      idp: `${ORIGIN}/${TID}/`,
      idtyp: 'app',
      oid: subject.objectId,
      sub: subject.objectId,
      tid: TID,
      ver: '2.0',
    });
  });
});
