import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it, mock } from 'node:test';

import { readTokenSettings } from '../../../client-app/settings/readTokenSettings.js';
import {
  createTokenProvider,
  type TokenProvider,
} from '../../../client-app/tokens/createTokenProvider.js';
import type { RunningIdentityProvider } from '../../../local/identity/startIdentityProvider.js';
import { silentLogger } from '../../../shared/logging/Logger.js';
import { CROSS_TENANT as X, federatedClientSettings } from '../../support/crossTenantFixture.js';
import { startTestIdentityProvider } from '../../support/startTestIdentityProvider.js';

const HOUR_MS = 3600_000;

// Time is Date's mocked clock, shared by the SDKs' caches, the lease cache and the identity
// provider in this process: hours pass without waiting. Its own file, because the SDKs'
// managed-identity cache is process-wide.
describe('managed-identity-federated token requests over time', () => {
  let idp: RunningIdentityProvider;
  let tokens: TokenProvider;

  const counts = () => ({
    identity: idp.requestCount({ endpoint: 'managedIdentity', clientId: X.identityClientId }),
    resourceTenant: idp.requestCount({ endpoint: 'token', tenantId: X.resourceTenantId }),
  });
  const getMany = async () => {
    const leases = await Promise.all(Array.from({ length: 10 }, () => tokens.getToken()));
    assert.equal(new Set(leases).size, 1);
  };

  before(async () => {
    idp = await startTestIdentityProvider('fic-counts-');
    const ca = await readFile(idp.caCertPath, 'utf8');
    process.env.IDENTITY_ENDPOINT = idp.identityEndpoint;
    process.env.IDENTITY_HEADER = idp.identityHeader;
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    tokens = createTokenProvider(readTokenSettings(federatedClientSettings(idp)), {
      logger: silentLogger,
      trustedCaPem: ca,
      deadlineMs: 20_000,
    });
  });
  after(async () => {
    mock.timers.reset();
    await idp.stop();
  });

  it('asks each endpoint once for many concurrent and later calls within the tokens’ lifetimes', async () => {
    await getMany();
    mock.timers.tick(0.5 * HOUR_MS);
    await getMany();
    assert.deepEqual(counts(), { identity: 1, resourceTenant: 1 });
  });

  it('asks the resource tenant again per API-token lifetime (1 h), reusing the identity token', async () => {
    for (let hour = 1; hour <= 3; hour += 1) {
      mock.timers.tick(HOUR_MS);
      await getMany();
    }
    assert.deepEqual(counts(), { identity: 1, resourceTenant: 4 });
  });

  it('asks the identity endpoint again once the identity token (24 h 5 min) is past its refresh point', async () => {
    // The SDK refreshes an identity token at half its lifetime: 12 h 2.5 min after it was issued.
    mock.timers.tick(9 * HOUR_MS);
    await getMany();
    assert.deepEqual(counts(), { identity: 2, resourceTenant: 5 });
  });
});
