import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  API,
  CALLER,
  INVALID_TOKEN,
  OTHER_TENANT,
  TENANT,
  assertRefused,
  bearer,
  lastCode,
  setUp,
  v2Claims,
} from '../../support/bearerAuthFixtures.js';
import { startTwoTenantIssuers, type TwoTenantIssuers } from '../../support/twoTenantIssuers.js';

const THIRD_TENANT = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

// Scenario B: an API admitting tokens issued by several tenants (ORDERS_API_ALLOWED_TENANTS),
// each tenant with its own issuer and key set behind one authority host, as in Entra.
describe('createBearerAuthenticator with several allowed tenants', () => {
  let issuers: TwoTenantIssuers;

  const both = () =>
    setUp(issuers.home, { allowedTenants: [TENANT, OTHER_TENANT], fetch: issuers.fetch });
  const otherTenantClaims = (overrides: Record<string, unknown> = {}) =>
    v2Claims(issuers.home, { iss: issuers.otherV2Issuer, tid: OTHER_TENANT, ...overrides });

  before(async () => {
    issuers = await startTwoTenantIssuers(TENANT, OTHER_TENANT);
  });
  after(async () => {
    await issuers.close();
  });

  it("accepts a token of an allowed second tenant, signed with that tenant's key, and the API's own", async () => {
    const { authenticator } = both();
    const other = await issuers.other.sign(otherTenantClaims());
    const own = await issuers.home.sign(v2Claims(issuers.home));
    const outcomes = await Promise.all(
      [other, own].map((token) => authenticator.authenticate(bearer(token))),
    );
    assert.deepEqual(outcomes, [
      {
        ok: true,
        caller: { appId: CALLER, objectId: v2Claims(issuers.home).oid, tokenVersion: '2.0' },
      },
      {
        ok: true,
        caller: { appId: CALLER, objectId: v2Claims(issuers.home).oid, tokenVersion: '2.0' },
      },
    ]);
  });

  it('refuses a tenant not in the list (401), by default every tenant but its own', async () => {
    const token = await issuers.other.sign(otherTenantClaims());
    const byDefault = setUp(issuers.home, { fetch: issuers.fetch });
    assertRefused(await byDefault.authenticator.authenticate(bearer(token)), {
      status: 401,
      challenge: INVALID_TOKEN,
    });
    const listed = both();
    const third = await issuers.other.sign(otherTenantClaims({ tid: THIRD_TENANT }));
    const before = issuers.other.requestCounts.keys;
    assertRefused(await listed.authenticator.authenticate(bearer(third)), {
      status: 401,
      challenge: INVALID_TOKEN,
    });
    assert.equal(lastCode(listed.logs), 'ERR_TENANT_NOT_ALLOWED');
    assert.equal(issuers.other.requestCounts.keys, before, 'no key set fetched for it');
  });

  it('refuses a token whose iss names one allowed tenant and tid another', async () => {
    const { authenticator, logs } = both();
    const ownIssuerOtherTid = await issuers.other.sign(
      otherTenantClaims({ iss: issuers.home.v2Issuer }),
    );
    const otherIssuerOwnTid = await issuers.home.sign(
      v2Claims(issuers.home, { iss: issuers.otherV2Issuer }),
    );
    assertRefused(await authenticator.authenticate(bearer(ownIssuerOtherTid)), {
      status: 401,
      challenge: INVALID_TOKEN,
    });
    assert.equal(lastCode(logs), 'ERR_ISS_UNTRUSTED');
    assertRefused(await authenticator.authenticate(bearer(otherIssuerOwnTid)), {
      status: 401,
      challenge: INVALID_TOKEN,
    });
    assert.equal(lastCode(logs), 'ERR_ISS_UNTRUSTED');
  });

  it("refuses a token signed with one tenant's key that claims another allowed tenant", async () => {
    const { authenticator, logs } = both();
    const forged = await issuers.home.sign(otherTenantClaims());
    assertRefused(await authenticator.authenticate(bearer(forged)), {
      status: 401,
      challenge: INVALID_TOKEN,
    });
    assert.equal(lastCode(logs), 'ERR_KID_UNKNOWN');
    const reverse = await issuers.other.sign(v2Claims(issuers.home));
    assertRefused(await authenticator.authenticate(bearer(reverse)), {
      status: 401,
      challenge: INVALID_TOKEN,
    });
    assert.equal(lastCode(logs), 'ERR_KID_UNKNOWN');
  });

  it("loads every allowed tenant's metadata and keys at the startup check", async () => {
    const { authenticator } = both();
    assert.deepEqual(await authenticator.checkIssuer(), { ok: true, usableKeys: 2 });
  });

  it('still checks audience and role for the second tenant', async () => {
    const { authenticator, logs } = both();
    const wrongAudience = await issuers.other.sign(otherTenantClaims({ aud: `api://${API}x` }));
    assertRefused(await authenticator.authenticate(bearer(wrongAudience)), {
      status: 401,
      challenge: INVALID_TOKEN,
    });
    assert.equal(lastCode(logs), 'ERR_AUD_MISMATCH');
  });
});
